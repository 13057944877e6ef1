"""The cache port behaves the same in memory and on Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from ecoeco.core.cache import Cache, MemoryCache, RedisCache
from ecoeco.core.errors import RateLimited
from ecoeco.core.ratelimit import Limit, RateLimiter
from tests.servers import REDIS_URL, need


@pytest.fixture(params=["memory", "redis"])
async def cache(request: pytest.FixtureRequest) -> AsyncIterator[Cache]:
    if request.param == "memory":
        yield MemoryCache()
        return
    need("redis")
    client = Redis.from_url(REDIS_URL)
    yield RedisCache(client, namespace=f"test:{uuid.uuid4().hex}:")
    await client.aclose()


async def test_set_get_expire_delete(cache: Cache) -> None:
    await cache.set("a", b"1", ttl=0.2)
    await cache.set("b", b"2")
    assert await cache.get("a") == b"1"
    await asyncio.sleep(0.3)
    assert await cache.get("a") is None
    await cache.delete("b")
    assert await cache.get("b") is None


async def test_pop_consumes_exactly_once(cache: Cache) -> None:
    await cache.set("state", b"s", ttl=60)
    results = await asyncio.gather(*(cache.pop("state") for _ in range(5)))
    assert results.count(b"s") == 1


async def test_add_only_when_absent(cache: Cache) -> None:
    assert await cache.add("k", b"1", ttl=60)
    assert not await cache.add("k", b"2", ttl=60)
    assert await cache.get("k") == b"1"


async def test_rate_limit_refuses_then_resets(cache: Cache) -> None:
    limiter = RateLimiter(cache, "test")
    limit = Limit("burst", count=3, seconds=1)
    for _ in range(3):
        await limiter.hit(limit, "ip-1")
    with pytest.raises(RateLimited) as refused:
        await limiter.hit(limit, "ip-1")
    assert refused.value.headers["Retry-After"] == "1"
    await limiter.hit(limit, "ip-2")  # other keys are unaffected
    await asyncio.sleep(1.1)
    await limiter.hit(limit, "ip-1")


async def test_set_many_stores_every_value_with_its_expiry(cache: Cache) -> None:
    await cache.set_many({"m1": b"1", "m2": b"2"}, ttl=0.2)
    await cache.set_many({"m3": b"3"})
    assert [await cache.get(k) for k in ("m1", "m2", "m3")] == [b"1", b"2", b"3"]
    await asyncio.sleep(0.3)
    assert [await cache.get(k) for k in ("m1", "m2", "m3")] == [None, None, b"3"]


async def test_a_full_window_is_not_counted_past_into_the_longer_ones(cache: Cache) -> None:
    limiter = RateLimiter(cache, "test")
    minute, day = Limit("two", count=2, seconds=60), Limit("two", count=5, seconds=86400)
    for _ in range(2):
        await limiter.hit_all([minute, day], "u1")
    with pytest.raises(RateLimited) as refused:
        await limiter.hit_all([minute, day], "u1")
    assert 1 <= refused.value.retry_after <= 60
    assert await cache.get("rl:two:60:u1") == b"3"
    assert await cache.get("rl:two:86400:u1") == b"2"  # the refused hit stopped at the minute
    # a counter written without expiry (by hand, say) gets the window's on its next hit
    await cache.set("rl:two:60:u2", b"0")
    counted = await cache.incr_until([("rl:two:60:u2", 60, 2), ("rl:two:86400:u2", 86400, 5)])
    assert [value for value, _ in counted] == [1, 1]
    assert all(0 < left <= ttl for (_, left), ttl in zip(counted, (60, 86400), strict=True))
