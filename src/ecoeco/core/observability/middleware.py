"""ASGI middleware: request id, access metrics; streaming-safe (no body buffering)."""

from __future__ import annotations

import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ecoeco.core.observability import metrics
from ecoeco.core.observability.context import request_id_scope
from ecoeco.core.paths import API_PREFIX

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _route_template(scope: Scope, api_prefix: str) -> str:
    # The router records the matched route in the (shared) scope dict; routers included
    # under a prefix record their own path, so the prefix is put back.
    route = scope.get("route")
    path = getattr(route, "path", None)
    if not path:
        return "unmatched"
    template = str(path)
    if str(scope.get("path", "")).startswith(api_prefix) and not template.startswith(api_prefix):
        template = api_prefix + template
    return template


class ObservabilityMiddleware:
    """Sets X-Request-ID, counts requests by route template, times them."""

    def __init__(self, app: ASGIApp, service: str, api_prefix: str = API_PREFIX) -> None:
        self.app = app
        self.service = service
        self.api_prefix = api_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        status = 500
        started = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        in_flight = metrics.HTTP_IN_FLIGHT.labels(self.service)
        in_flight.inc()
        try:
            with request_id_scope(request_id):
                await self.app(scope, receive, send_wrapper)
        finally:
            in_flight.dec()
            route = _route_template(scope, self.api_prefix)
            method = scope.get("method", "GET")
            if route not in ("/metrics",):
                metrics.HTTP_REQUESTS.labels(self.service, method, route, str(status)).inc()
                metrics.HTTP_DURATION.labels(self.service, method, route).observe(
                    time.perf_counter() - started
                )
