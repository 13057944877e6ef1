"""Job progress events: a hub with replay, in-process or on Redis Streams, served as SSE."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

import orjson
from redis.asyncio import Redis
from starlette.responses import StreamingResponse

from ecoeco.core.observability import metrics


@dataclass(frozen=True)
class HubEvent:
    """One progress event; `id` is what a client sends back as Last-Event-ID."""

    id: str
    event: str
    data: dict[str, Any]


class EventHub(Protocol):
    """Append-only streams of events that late or returning readers can replay."""

    async def publish(self, stream: str, event: str, data: dict[str, Any]) -> str:
        """Append an event; returns its id."""

    async def publish_many(
        self, stream: str, events: Sequence[tuple[str, dict[str, Any]]]
    ) -> list[str]:
        """Append events in their order, together: a reader sees all of them or none (on a
        server, one round trip). Returns their ids."""

    def subscribe(
        self, stream: str, after: str | None = None, *, timeout: float = 15.0
    ) -> AsyncIterator[HubEvent | None]:
        """Events after `after` (all when None), then live ones; None marks an idle timeout."""

    async def ping(self) -> None:
        """Raise when the hub is unreachable."""


class _Publishing:
    """`publish` as a batch of one, for the adapters below."""

    async def publish_many(
        self, stream: str, events: Sequence[tuple[str, dict[str, Any]]]
    ) -> list[str]:
        raise NotImplementedError

    async def publish(self, stream: str, event: str, data: dict[str, Any]) -> str:
        """Append an event; returns its id."""
        [event_id] = await self.publish_many(stream, [(event, data)])
        return event_id


class MemoryEventHub(_Publishing):
    """Per-stream replay buffers in this process; streams expire after `ttl` seconds."""

    def __init__(self, *, max_events: int = 1000, ttl: float = 3600.0) -> None:
        self.max_events = max_events
        self.ttl = ttl
        self._streams: dict[str, deque[HubEvent]] = {}
        self._counters: dict[str, int] = {}
        # last publish per stream, least recent first: expiry looks at the front only
        self._touched: OrderedDict[str, float] = OrderedDict()
        self._changed: dict[str, asyncio.Condition] = {}

    def _condition(self, stream: str) -> asyncio.Condition:
        if stream not in self._changed:
            self._changed[stream] = asyncio.Condition()
        return self._changed[stream]

    def _expire(self) -> None:
        """Forget streams idle past the TTL (the oldest first; each publish stops at the
        first live one, so it costs nothing per stream kept)."""
        cutoff = time.monotonic() - self.ttl
        touched = self._touched
        while touched:
            stream, at = next(iter(touched.items()))
            if at >= cutoff:
                break
            for table in (self._streams, self._counters, self._touched, self._changed):
                table.pop(stream, None)

    async def publish_many(
        self, stream: str, events: Sequence[tuple[str, dict[str, Any]]]
    ) -> list[str]:
        if not events:
            return []
        self._expire()
        buffer = self._streams.setdefault(stream, deque(maxlen=self.max_events))
        ids = []
        for event, data in events:
            number = self._counters.get(stream, 0) + 1
            self._counters[stream] = number
            buffer.append(HubEvent(id=str(number), event=event, data=data))
            ids.append(str(number))
        self._touched[stream] = time.monotonic()
        self._touched.move_to_end(stream)
        condition = self._condition(stream)
        async with condition:
            condition.notify_all()
        return ids

    async def subscribe(
        self, stream: str, after: str | None = None, *, timeout: float = 15.0
    ) -> AsyncIterator[HubEvent | None]:
        last = int(after) if after and after.isdigit() else 0
        condition = self._condition(stream)
        while True:
            pending = [e for e in self._streams.get(stream, ()) if int(e.id) > last]
            for item in pending:
                last = int(item.id)
                yield item
            if pending:
                continue
            async with condition:
                try:  # asyncio.timeout: no task per wait, as wait_for makes on 3.11
                    async with asyncio.timeout(timeout):
                        await condition.wait()
                except TimeoutError:
                    yield None

    async def ping(self) -> None:
        return None


class RedisEventHub(_Publishing):
    """Redis Streams: XADD to append, XREAD from the last id to resume."""

    def __init__(
        self, client: Redis, *, namespace: str = "ecoeco:events:", max_events: int = 1000
    ) -> None:
        self.client = client
        self.ns = namespace
        self.max_events = max_events
        self.ttl_seconds = 3600

    async def publish_many(
        self, stream: str, events: Sequence[tuple[str, dict[str, Any]]]
    ) -> list[str]:
        if not events:
            return []
        key = self.ns + stream
        # MULTI: Redis answers a blocked XREAD after EXEC, so a reader gets them together
        # (one event needs none: XADD and EXPIRE still go in one round trip)
        async with self.client.pipeline(transaction=len(events) > 1) as pipe:
            for event, data in events:
                pipe.xadd(
                    key,
                    {"event": event, "data": orjson.dumps(data)},
                    maxlen=self.max_events,
                    approximate=True,
                )
            pipe.expire(key, self.ttl_seconds)
            replies = await pipe.execute()
        return [r.decode() if isinstance(r, bytes) else str(r) for r in replies[:-1]]

    async def subscribe(
        self, stream: str, after: str | None = None, *, timeout: float = 15.0
    ) -> AsyncIterator[HubEvent | None]:
        key = self.ns + stream
        last = after or "0-0"
        while True:
            reply = await self.client.xread({key: last}, count=100, block=self._block_ms(timeout))
            if not reply:
                yield None
                continue
            entries_by_stream = cast(list[Any], reply)
            for _name, entries in entries_by_stream:
                for raw_id, fields in entries:
                    last = raw_id.decode() if isinstance(raw_id, bytes) else str(raw_id)
                    yield HubEvent(
                        id=last,
                        event=fields[b"event"].decode(),
                        data=orjson.loads(fields[b"data"]),
                    )

    def _block_ms(self, timeout: float) -> int:
        """Block below the client's socket timeout, or the read fails instead of idling."""
        limit = self.client.connection_pool.connection_kwargs.get("socket_timeout")
        if limit:
            timeout = min(timeout, max(0.1, float(limit) - 1.0))
        return max(1, int(timeout * 1000))

    async def ping(self) -> None:
        await self.client.ping()


def sse_format(item: HubEvent) -> bytes:
    """One SSE frame."""
    payload = orjson.dumps(item.data).decode()
    return f"id: {item.id}\nevent: {item.event}\ndata: {payload}\n\n".encode()


def sse_response(
    hub: EventHub,
    stream: str,
    *,
    last_event_id: str | None,
    is_final: Callable[[HubEvent], bool],
    service: str,
    heartbeat: float = 15.0,
) -> StreamingResponse:
    """Stream a hub stream as text/event-stream, resuming after `last_event_id`."""

    async def body() -> AsyncIterator[bytes]:
        gauge = metrics.SSE_CONNECTIONS.labels(service)
        gauge.inc()
        try:
            yield b"retry: 1000\n\n"
            async for item in hub.subscribe(stream, last_event_id, timeout=heartbeat):
                if item is None:
                    yield b": keep-alive\n\n"
                    continue
                yield sse_format(item)
                if is_final(item):
                    return
        finally:
            gauge.dec()

    return StreamingResponse(
        body(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
