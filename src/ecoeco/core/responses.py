"""Responses: JSON bodies built by hand, rendered by orjson; event streams in few writes.

Routes with a response model or return type are serialized by FastAPI straight to JSON
bytes through pydantic (its fast path); `tests/unit/core/test_fast_json.py` keeps every
route on it. Bodies assembled as dicts go through `JsonResponse` instead of the
standard library's `json.dumps`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable
from typing import Any

import orjson
from starlette.responses import JSONResponse, StreamingResponse
from starlette.types import Receive, Scope, Send


class JsonResponse(JSONResponse):
    """A JSON response rendered by orjson (UTF-8, no spaces, like JSONResponse)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class LastPiece(bytes):
    """The final piece of an `EventStream`: it ends the response in the same write."""


class EventStream(StreamingResponse):
    """A streamed response whose headers go out with its first piece, and whose last
    piece (a `LastPiece`) ends the body in the same write.

    Starlette's streaming response writes the headers before the first piece exists and
    an empty end-of-body message after the last: two more writes per response, each a
    system call here and a wake-up of the client on the same cores. A stream whose
    first piece takes a while (an LLM's first token) should yield something at once
    (a `start` event) to send its headers early.

    A stream must stop when its client leaves (its subscription ends at once, not at the
    next heartbeat). Starlette watches for that with an anyio task group per response (a
    cancel scope, a task started through it and a pending `receive`) on servers that
    speak ASGI 2.3 or older (uvicorn, httpx's ASGI transport). `EventStream` watches with
    one plain asyncio task instead: it awaits `receive` and, on `http.disconnect`, cancels
    the streaming task, whose body then ends (its `finally` blocks run) and whose
    response ends without an error, as Starlette's does. A server that speaks 2.4 gets
    Starlette's own path. A stream whose pieces are all ready when its first is sent (an
    answer without an LLM) has nothing to stop: `watch_disconnect=False` sends it without
    the watcher.
    """

    def __init__(
        self, content: AsyncIterable[Any], *, watch_disconnect: bool = True, **options: Any
    ) -> None:
        super().__init__(content, **options)
        self.watch_disconnect = watch_disconnect

    @classmethod
    def taking_over(cls, response: StreamingResponse) -> EventStream:
        """The same stream (body, status, headers, background), sent as an `EventStream`."""
        stream = cls(response.body_iterator, status_code=response.status_code)
        stream.raw_headers = response.raw_headers
        stream.background = response.background
        return stream

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (self.watch_disconnect and _speaks_2_4(scope)):
            await super().__call__(scope, receive, send)
            return
        if self.watch_disconnect:
            await self._watched(receive, send)
        else:
            await self.stream_response(send)
        if self.background is not None:
            await self.background()

    async def _watched(self, receive: Receive, send: Send) -> None:
        """Stream, and stop streaming when the client leaves (see the class)."""
        streaming = asyncio.current_task()
        assert streaming is not None
        left = False
        done = False

        async def watch() -> None:
            nonlocal left
            while (await receive())["type"] != "http.disconnect":
                pass
            if not done:
                left = True
                streaming.cancel()

        watcher = asyncio.get_running_loop().create_task(watch())
        try:
            await self.stream_response(send)
        except asyncio.CancelledError:
            # Ours (the client left) ends the response quietly; any other goes on.
            if not left or streaming.uncancel() > 0:
                raise
        finally:
            done = True
            watcher.cancel()

    async def stream_response(self, send: Send) -> None:
        started = False
        async for chunk in self.body_iterator:
            if not started:
                await self._start(send)
                started = True
            body = chunk if isinstance(chunk, bytes | memoryview) else chunk.encode(self.charset)
            last = isinstance(chunk, LastPiece)
            await send({"type": "http.response.body", "body": body, "more_body": not last})
            if last:
                return
        if not started:
            await self._start(send)
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def _start(self, send: Send) -> None:
        headers = self.raw_headers
        await send({"type": "http.response.start", "status": self.status_code, "headers": headers})


def _speaks_2_4(scope: Scope) -> bool:
    """True when the server's ASGI spec version is 2.4 or later (it raises on a gone client)."""
    version = scope.get("asgi", {}).get("spec_version", "2.0")
    return tuple(int(part) for part in str(version).split(".")[:2]) >= (2, 4)
