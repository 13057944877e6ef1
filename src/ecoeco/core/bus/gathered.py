"""A connection to RabbitMQ whose frames written in one pass of the event loop leave as
one send.

aiormq's writer hands the socket one frame at a time: a relay batch of n messages was n
`send` calls (each publish is one write of its three frames), and on loopback each send
runs the receiver's TCP path in the sender's system call and wakes RabbitMQ on the same
cores. The writer takes every frame already queued in the same pass, so gathering the
writes until the loop's next pass sends a batch at once. The bytes and their order are
the same; they leave one pass of the loop later at most.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from aiormq.connection import TCPTransportFactory


class GatheredTransport(asyncio.Transport):
    """Wraps a transport: writes wait for the loop's next pass and go out together."""

    def __init__(self, writer: asyncio.StreamWriter, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        # the stream writer that owns the transport: kept, since it closes the transport
        # when it is garbage-collected
        self._writer = writer
        # any loop's transport (uvloop's is no subclass of asyncio's): used by its methods
        self._real = cast(asyncio.Transport, writer.transport)
        self._loop = loop
        self._pending: list[bytes] = []
        self.sends = 0  # writes handed to the real transport

    def write(self, data: bytes | bytearray | memoryview[Any]) -> None:
        if not self._pending:
            self._loop.call_soon(self.flush)
        self._pending.append(bytes(data))

    def writelines(self, list_of_data: Any) -> None:
        for data in list_of_data:
            self.write(data)

    def flush(self) -> None:
        """Hand everything written so far to the real transport, in one write."""
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        if not self._real.is_closing():
            self.sends += 1
            self._real.write(data)

    def close(self) -> None:
        self.flush()
        self._real.close()

    def abort(self) -> None:
        self._pending.clear()
        self._real.abort()

    def is_closing(self) -> bool:
        return self._real.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._real.get_extra_info(name, default)

    def get_write_buffer_size(self) -> int:
        return self._real.get_write_buffer_size() + sum(len(p) for p in self._pending)

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._real.get_write_buffer_limits()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._real.set_write_buffer_limits(high, low)

    def can_write_eof(self) -> bool:
        return self._real.can_write_eof()

    def write_eof(self) -> None:
        self.flush()
        self._real.write_eof()

    def is_reading(self) -> bool:
        return self._real.is_reading()

    def pause_reading(self) -> None:
        self._real.pause_reading()

    def resume_reading(self) -> None:
        self._real.resume_reading()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._real.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._real.get_protocol()


class GatheringTransportFactory(TCPTransportFactory):
    """aiormq's plain TCP connection, its writes gathered per pass of the loop."""

    async def create(
        self, url: Any, **kwargs: Any
    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        reader, writer = await super().create(url, **kwargs)
        loop = asyncio.get_running_loop()
        gathered = GatheredTransport(writer, loop)
        protocol = cast(asyncio.StreamReaderProtocol, writer.transport.get_protocol())
        return reader, asyncio.StreamWriter(gathered, protocol, reader, loop)
