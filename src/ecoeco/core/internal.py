"""Calls from one service to another over HTTP, with a timeout and the caller's token.

`ServiceLinks` (one per process, built by the composition root) knows where each
service is: at its URL from `ECOECO_SERVICE_URLS` (a JSON object such as
`{"location": "http://location:8000"}`), or, without one, in this very process,
reached through `httpx.ASGITransport` (the embedded mode). `ServiceClient` is one
service's end of it; the typed clients in `ecoeco.contracts.clients` stand on it.
The clients come from the process's `HttpClients` pool (one per origin, kept alive
between calls, closed at shutdown), so a call reuses an open connection.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

import httpx
from starlette.types import ASGIApp

from ecoeco.core.http import HttpClients
from ecoeco.core.settings import CoreSettings

log = logging.getLogger(__name__)

IN_PROCESS_BASE = "http://in-process"


QueryValue = str | int | float
"""What a query parameter of an internal call may hold."""


class ServiceCallFailed(Exception):
    """Another service could not answer in time, or answered with a server error."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"{service}: {reason}")
        self.service = service
        self.reason = reason


class ServiceLinks:
    """Where this process finds each service, and the HTTP client that reaches it."""

    def __init__(self, settings: CoreSettings, http: HttpClients | None = None) -> None:
        self.urls = {name: url.rstrip("/") for name, url in settings.service_urls.items()}
        self.timeout = settings.internal_timeout_seconds
        self.http = http or HttpClients()
        self._app: ASGIApp | None = None

    def attach(self, app: ASGIApp) -> None:
        """The app of this process, for services that have no URL (they run here)."""
        self._app = app

    def target(self, service: str, path: str) -> tuple[httpx.AsyncClient, str]:
        """The pooled client that reaches `service`, and the URL of `path` there."""
        url = self.urls.get(service)
        if url:
            return self.http.for_url(url), url + path
        app = self._app
        if app is None:
            raise ServiceCallFailed(service, "no URL configured and no in-process app")

        def in_process() -> httpx.AsyncClient:
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            return httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_BASE)

        return self.http.named("in-process", in_process), IN_PROCESS_BASE + path


class ServiceClient:
    """Requests to one named service; timeouts, connection failures and 5xx raise.

    4xx answers are returned for the caller to interpret.
    """

    def __init__(self, links: ServiceLinks, service: str, *, timeout: float | None = None) -> None:
        self.links = links
        self.service = service
        self.timeout = timeout or links.timeout

    async def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        params: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send one request; raise `ServiceCallFailed` unless the service answered below 500."""
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        limit, service = self.timeout, self.service
        try:
            client, url = self.links.target(service, path)
            async with asyncio.timeout(limit):
                response = await client.request(
                    method, url, params=params, json=json, headers=sent, timeout=limit
                )
        except (httpx.TimeoutException, TimeoutError):
            log.warning("internal call timed out", extra={"service": service, "path": path})
            raise ServiceCallFailed(service, "timed out") from None
        except httpx.HTTPError as exc:
            log.warning("internal call failed", extra={"service": service, "error": str(exc)})
            raise ServiceCallFailed(service, type(exc).__name__) from None
        if response.status_code >= 500:
            raise ServiceCallFailed(service, f"status {response.status_code}")
        return response
