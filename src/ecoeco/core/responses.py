"""Responses: JSON bodies built by hand, rendered by orjson; event streams in few writes.

Routes with a response model or return type are serialized by FastAPI straight to JSON
bytes through pydantic (its fast path); `tests/unit/core/test_fast_json.py` keeps every
route on it. Bodies assembled as dicts go through `JsonResponse` instead of the
standard library's `json.dumps`.
"""

from __future__ import annotations

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

    Starlette also watches for the client leaving, in a second task (an anyio task group
    and a pending `receive`, about 0.1 ms of the event loop's CPU per response), so that a
    stream stops early. A stream whose pieces are all ready when its first is sent (an
    answer without an LLM) has nothing to stop: `watch_disconnect=False` sends it without
    the watcher.
    """

    def __init__(
        self, content: AsyncIterable[Any], *, watch_disconnect: bool = True, **options: Any
    ) -> None:
        super().__init__(content, **options)
        self.watch_disconnect = watch_disconnect

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.watch_disconnect or scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        await self.stream_response(send)
        if self.background is not None:
            await self.background()

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
