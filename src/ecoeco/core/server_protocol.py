"""uvicorn's HTTP protocol, with a response's headers sent in the same write as its body.

uvicorn writes the status line and headers to the socket as soon as the app sends
`http.response.start`, and each body message in a write of its own: a JSON answer is two
system calls and two TCP segments, and the client wakes up twice to read it. The app
sends the start and the first body message back to back (Starlette's responses, and
`core.responses.EventStream`, which holds its start until the first piece exists), so
here the headers wait for the body that follows them and leave in one write. A response
whose first body takes longer (a stream that sends its headers early on purpose) still
gets its headers at the end of the loop's current pass: nothing waits longer than that.

A chat question without an LLM is then three writes instead of five (the conversation
created, the answer's headers with its first chunk, the rest with its end).
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class HeadersWithBody:
    """A response's view of the connection: its first write (the status line and
    headers) is held until the next one, or until the loop's current pass ends."""

    __slots__ = ("_flush", "_held", "_loop", "_started", "transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self.transport = transport
        self._loop = loop
        self._started = False
        self._held: bytes | None = None
        self._flush: asyncio.Handle | None = None

    def write(self, data: bytes) -> None:
        """Hold the response's first write; send anything held with the next one."""
        if not self._started:
            self._started = True
            self._held = bytes(data)
            self._flush = self._loop.call_soon(self.flush)
            return
        if self._held is not None:
            data = self._held + data
            self._held = None
            if self._flush is not None:
                self._flush.cancel()
                self._flush = None
        self.transport.write(data)

    def flush(self) -> None:
        """Send what is held now."""
        self._flush = None
        if self._held is not None:
            held, self._held = self._held, None
            if not self.transport.is_closing():
                self.transport.write(held)

    def close(self) -> None:
        """Send what is held, then close the connection."""
        self.flush()
        self.transport.close()

    def is_closing(self) -> bool:
        """Whether the connection is closing."""
        return self.transport.is_closing()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


class HttpToolsOneWriteProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol whose responses send headers with their body."""

    def on_headers_complete(self) -> None:
        earlier = self.cycle
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and cycle is not earlier:  # a new request (not an upgrade)
            cycle.transport = HeadersWithBody(self.transport, self.loop)  # type: ignore[assignment]
