"""ASGI middleware: request id, access metrics; streaming-safe (no body buffering)."""

from __future__ import annotations

import re
import time

from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ecoeco.core.observability import metrics
from ecoeco.core.observability.context import request_id_scope
from ecoeco.core.paths import API_PREFIX
from ecoeco.core.randomness import random_hex

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_REQUEST_ID = b"x-request-id"
# The methods HTTP defines (RFC 9110, and PATCH) keep their names in the metrics; any
# other token a client sends (h11 hands the app whatever it reads) is counted as "other",
# or each new one would add series, and a cached pair of children, for good.
_KNOWN_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"}
)


def _incoming_id(scope: Scope) -> str:
    """The caller's X-Request-ID when it is one we can log, else a new one."""
    for name, value in scope.get("headers") or ():
        if name == _REQUEST_ID:
            incoming: str = value.decode("latin-1")
            if _VALID_ID.match(incoming):
                return incoming
            break
    return random_hex(16)


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
        self._in_flight = metrics.HTTP_IN_FLIGHT.labels(service)
        # The metrics' children by (method, route, status): `labels()` builds a key and
        # takes a lock on every call; routes are templates and methods the known ones or
        # "other", so the set stays small.
        self._children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def _counted(self, method: str, route: str, status: int) -> tuple[Counter, Histogram]:
        key = (method, route, status)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = (
                metrics.HTTP_REQUESTS.labels(self.service, method, route, str(status)),
                metrics.HTTP_DURATION.labels(self.service, method, route),
            )
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming_id(scope)
        status = 500
        started = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((_REQUEST_ID, request_id.encode()))
                message["headers"] = headers
            await send(message)

        in_flight = self._in_flight
        in_flight.inc()
        try:
            with request_id_scope(request_id):
                await self.app(scope, receive, send_wrapper)
        finally:
            in_flight.dec()
            route = _route_template(scope, self.api_prefix)
            method = scope.get("method", "GET")
            if method not in _KNOWN_METHODS:
                method = "other"
            if route not in ("/metrics",):
                requests, duration = self._counted(method, route, status)
                requests.inc()
                duration.observe(time.perf_counter() - started)
