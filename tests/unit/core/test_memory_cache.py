"""The embedded cache lets expired keys go as time passes, without a walk over all keys."""

from __future__ import annotations

import asyncio
import time

import pytest

from ecoeco.core.cache import MemoryCache


async def test_expired_keys_go_without_being_read_and_rewritten_ones_stay() -> None:
    cache = MemoryCache()
    for n in range(100):
        await cache.set(f"short-{n}", b"x", ttl=0.05)
    await cache.set("kept", b"1", ttl=0.05)
    await cache.set("kept", b"2", ttl=60)  # written again: its first expiry no longer counts
    await cache.set("forever", b"f")
    await asyncio.sleep(0.1)
    await cache.set("later", b"y", ttl=60)  # a write lets what has expired go
    assert len(cache) == 3
    assert await cache.get("kept") == b"2"
    assert await cache.get("forever") == b"f"
    assert await cache.get("short-7") is None


async def test_a_counter_expires_like_any_key() -> None:
    cache = MemoryCache()
    assert await cache.incr("hits", ttl=0.05) == (1, 0.05)
    value, _left = await cache.incr("hits", ttl=0.05)
    assert value == 2
    await asyncio.sleep(0.1)
    await cache.set("other", b"o", ttl=60)
    assert len(cache) == 1
    assert (await cache.incr("hits", ttl=60))[0] == 1


async def test_seconds_left_never_exceed_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    # at this clock reading (468.50201521839716 + 60) - 468.50201521839716 > 60
    monkeypatch.setattr(time, "monotonic", lambda: 468.50201521839716)
    cache = MemoryCache()
    await cache.set("no-expiry", b"0")  # a counter written without expiry
    assert await cache.incr("no-expiry", 60) == (1, 60)
    assert await cache.incr("no-expiry", 60) == (2, 60)
    counted = await cache.incr_until([("a", 60, 1), ("b", 86400, 5)])
    assert all(left <= ttl for (_, left), ttl in zip(counted, (60, 86400), strict=True))
