"""Admission limit: past capacity, refuse early with 503 + Retry-After instead of slowing everyone.

At most `max_in_flight` requests of a process are in progress; the next ones wait in
line (first come, first served) for at most `max_wait` seconds, and at most
`max_queue` of them wait at all. A request that cannot get in answers
503 `overloaded` with `Retry-After` at once, before any work is done for it, so an
overloaded process answers quickly and honestly instead of timing out or failing
deep inside. Operations endpoints (`/livez`, `/readyz`, `/metrics`) and WebSockets
are never refused. A streamed response (SSE) gives its place back when its headers
go out: what it then waits for (a scan's progress) is not work to admit.
"""

from __future__ import annotations

import asyncio
import math

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ecoeco.core.errors import Overloaded, send_error
from ecoeco.core.observability import metrics

EXEMPT_PATHS = frozenset({"/livez", "/readyz", "/metrics"})


class AdmissionLimit:
    """ASGI middleware bounding the requests one process works on at once."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        service: str,
        max_in_flight: int,
        max_wait: float,
        max_queue: int | None = None,
    ) -> None:
        self.app = app
        self.service = service
        self.max_in_flight = max_in_flight
        self.max_wait = max_wait
        self.max_queue = max_in_flight if max_queue is None else max_queue
        self.retry_after = max(1, math.ceil(max_wait))
        self._slots = asyncio.Semaphore(max(1, max_in_flight))
        self._waiting = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.max_in_flight <= 0
            or scope["type"] != "http"
            or scope.get("path", "") in EXEMPT_PATHS
        ):
            await self.app(scope, receive, send)
            return
        if not await self._admit():
            metrics.HTTP_SHED.labels(self.service).inc()
            await send_error(send, Overloaded(self.retry_after))
            return
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                self._slots.release()

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start" and _is_stream(message):
                release()
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            release()

    async def _admit(self) -> bool:
        if not self._slots.locked() and self._waiting == 0:
            await self._slots.acquire()  # free: returns at once
            return True
        if self._waiting >= self.max_queue:
            return False
        self._waiting += 1
        try:
            async with asyncio.timeout(self.max_wait):
                await self._slots.acquire()
            return True
        except TimeoutError:
            return False
        finally:
            self._waiting -= 1


def _is_stream(message: Message) -> bool:
    for name, value in message.get("headers", []):
        if name.lower() == b"content-type":
            return bytes(value).startswith(b"text/event-stream")
    return False
