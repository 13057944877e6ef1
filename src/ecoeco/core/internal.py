"""Calls from one service to another over HTTP, with a timeout and the caller's token."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

import httpx

from ecoeco.core.container import Container

log = logging.getLogger(__name__)

ASGI_APP = "asgi_app"
IN_PROCESS_BASE = "http://in-process"


class ServiceCallFailed(Exception):
    """Another service could not answer in time, or answered with a server error."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"{service}: {reason}")
        self.service = service
        self.reason = reason


class ServiceClient:
    """Reaches a named service at its configured URL, or in process when none is set.

    URLs come from `ECOECO_SERVICE_URLS` (a JSON object such as
    `{"location": "http://location:8000"}`). Without one, the call goes through
    `httpx.ASGITransport` to the app that owns the container (the embedded mode).
    Timeouts, connection failures and 5xx answers raise `ServiceCallFailed`;
    4xx answers are returned for the caller to interpret.
    """

    def __init__(self, container: Container, *, timeout: float | None = None) -> None:
        self.container = container
        self.timeout = timeout or container.settings.internal_timeout_seconds

    def _client(self, service: str, timeout: float) -> httpx.AsyncClient:
        url = self.container.settings.service_urls.get(service)
        if url:
            return httpx.AsyncClient(base_url=url.rstrip("/"), timeout=timeout)
        app = self.container.extras.get(ASGI_APP)
        if app is None:
            raise ServiceCallFailed(service, "no URL configured and no in-process app")
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        return httpx.AsyncClient(transport=transport, base_url=IN_PROCESS_BASE, timeout=timeout)

    async def request(
        self,
        service: str,
        method: str,
        path: str,
        *,
        token: str | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> httpx.Response:
        """Send one request; raise `ServiceCallFailed` unless the service answered below 500."""
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        limit = timeout or self.timeout
        try:
            async with asyncio.timeout(limit), self._client(service, limit) as client:
                response = await client.request(
                    method, path, params=params, json=json, headers=sent, timeout=limit
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

    async def get(self, service: str, path: str, **options: Any) -> httpx.Response:
        """GET `path` from `service`."""
        return await self.request(service, "GET", path, **options)

    async def post(self, service: str, path: str, **options: Any) -> httpx.Response:
        """POST to `path` on `service`."""
        return await self.request(service, "POST", path, **options)
