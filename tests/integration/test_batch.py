"""A batch writes cache entries and hub events together and looks at its marker, the same
on both adapters; on Redis in one round trip, and a blocked reader gets the events at once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from redis.asyncio import Redis

from ecoeco.core.batch import Batch, Batcher, RedisBatcher, Separately
from ecoeco.core.cache import Cache, MemoryCache, RedisCache
from ecoeco.core.events import EventHub, MemoryEventHub, RedisEventHub
from tests.integration.test_event_hub import take
from tests.servers import REDIS_URL, need


@dataclass(frozen=True)
class Parts:
    """A batcher over a cache and a hub it writes to."""

    batcher: Batcher
    cache: Cache
    hub: EventHub


@pytest.fixture(params=["memory", "redis"])
async def parts(request: pytest.FixtureRequest) -> AsyncIterator[Parts]:
    if request.param == "memory":
        cache, hub = MemoryCache(), MemoryEventHub()
        yield Parts(Separately(cache, hub), cache, hub)
        return
    need("redis")
    client = Redis.from_url(REDIS_URL)
    ns = f"test:{uuid.uuid4().hex}:"
    redis_cache, redis_hub = RedisCache(client, ns), RedisEventHub(client, namespace=f"{ns}ev:")
    yield Parts(RedisBatcher(redis_cache, redis_hub), redis_cache, redis_hub)
    await client.aclose()


async def test_entries_then_events_in_order_with_the_marker_looked_at_after(parts: Parts) -> None:
    stream = f"job:{uuid.uuid4().hex}"
    events = [("vision", {"n": 1}), ("rule", {"n": 2, "수거": "종이"})]
    batch = Batch({"a": b"1", "b": b"2"}, 60, stream, events, marker="gone")
    assert await parts.batcher.send(batch) is False
    assert (await parts.cache.get("a"), await parts.cache.get("b")) == (b"1", b"2")
    got = await take(parts.hub, stream, None, 2)
    assert [(e.event, e.data) for e in got] == events
    await parts.cache.set("gone", b"1")
    assert await parts.batcher.send(Batch({"a": b"3"}, 60, marker="gone")) is True
    assert await parts.cache.get("a") == b"3"  # written, and the marker reported


async def test_unless_marked_writes_nothing_when_the_marker_exists(parts: Parts) -> None:
    stream = f"job:{uuid.uuid4().hex}"
    await parts.cache.set("gone", b"1")
    batch = Batch({"a": b"1"}, 60, stream, [("vision", {})], "gone", unless_marked=True)
    assert await parts.batcher.send(batch) is True
    assert await parts.cache.get("a") is None
    assert await take(parts.hub, stream, None, 1) == []
    await parts.cache.delete("gone")
    assert await parts.batcher.send(batch) is False
    assert await parts.cache.get("a") == b"1"


async def test_entries_expire_and_a_batch_without_marker_says_false(parts: Parts) -> None:
    assert await parts.batcher.send(Batch({"short": b"x"}, 0.2)) is False
    assert await parts.cache.get("short") == b"x"
    await asyncio.sleep(0.4)
    assert await parts.cache.get("short") is None
    assert await parts.batcher.send(Batch()) is False


async def test_a_blocked_reader_gets_the_events_of_a_batch_together() -> None:
    need("redis")
    client = Redis.from_url(REDIS_URL)
    ns = f"test:{uuid.uuid4().hex}:"
    cache, hub = RedisCache(client, ns), RedisEventHub(client, namespace=f"{ns}ev:")
    batcher = RedisBatcher(cache, hub)
    stream = f"job:{uuid.uuid4().hex}"
    reads = 0
    xread = client.xread

    async def counted(*args: object, **kwargs: object) -> object:
        nonlocal reads
        reads += 1
        return await xread(*args, **kwargs)  # type: ignore[arg-type]

    client.xread = counted  # type: ignore[method-assign]
    try:
        reader = asyncio.create_task(take(hub, stream, None, 3))
        await asyncio.sleep(0.2)  # the reader is blocked on the empty stream
        events = [("vision", {}), ("rule", {}), ("answer", {})]
        await batcher.send(Batch({}, None, stream, events))
        got = await reader
        assert [e.event for e in got] == ["vision", "rule", "answer"]
        assert reads == 1  # the blocked read was answered with all three
        assert 0 < await client.ttl(f"{ns}ev:{stream}") <= hub.ttl_seconds
    finally:
        await client.aclose()


async def test_the_redis_batcher_needs_one_client_for_both() -> None:
    one, other = Redis.from_url(REDIS_URL), Redis.from_url(REDIS_URL)
    with pytest.raises(ValueError, match="share one Redis client"):
        RedisBatcher(RedisCache(one), RedisEventHub(other))
    await one.aclose()
    await other.aclose()
