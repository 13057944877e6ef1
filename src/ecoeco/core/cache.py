"""Cache port with an in-process adapter and a Redis adapter."""

from __future__ import annotations

import heapq
import time
from collections.abc import Mapping, Sequence
from typing import Protocol, cast

from redis.asyncio import Redis

from ecoeco.core.observability import metrics


class Cache(Protocol):
    """Bytes by key with optional expiry, plus the atomic operations services need."""

    async def get(self, key: str) -> bytes | None:
        """The value, or None when missing or expired."""

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None:
        """Store a value, expiring after `ttl` seconds when given."""

    async def set_many(self, values: Mapping[str, bytes], ttl: float | None = None) -> None:
        """Store several values with the same expiry (on a server: in one round trip)."""

    async def add(self, key: str, value: bytes, ttl: float | None = None) -> bool:
        """Store only if absent; True when stored."""

    async def pop(self, key: str) -> bytes | None:
        """Get and delete atomically (a one-time token is consumed exactly once)."""

    async def delete(self, *keys: str) -> None:
        """Remove keys."""

    async def incr(self, key: str, ttl: float) -> tuple[int, float]:
        """Increment a counter that expires `ttl` seconds after creation.

        Returns the new value and the seconds left before it resets.
        """

    async def incr_until(
        self, counters: Sequence[tuple[str, float, int]]
    ) -> list[tuple[int, float]]:
        """`incr` each (key, ttl, cap) in order, stopping after the first that goes past
        its cap (on a server: in one round trip).

        Returns the value and seconds left of each counter incremented.
        """

    async def ping(self) -> None:
        """Raise when the cache is unreachable."""


class MemoryCache:
    """A dict with expiry, for the embedded mode and tests."""

    def __init__(self) -> None:
        self._data: dict[str, tuple[bytes, float | None]] = {}
        # (expiry, key), soonest first; an entry whose key was written again since is
        # skipped when it comes up. Expired keys go as time passes, a few per write,
        # never in a walk over every key.
        self._expiries: list[tuple[float, str]] = []

    def _expire(self, now: float) -> None:
        heap = self._expiries
        while heap and heap[0][0] <= now:
            expires, key = heapq.heappop(heap)
            entry = self._data.get(key)
            if entry is not None and entry[1] == expires:
                del self._data[key]
        if len(heap) > 2 * len(self._data) + 1024:  # mostly superseded expiries: rebuild
            self._expiries = [(e, k) for k, (_, e) in self._data.items() if e is not None]
            heapq.heapify(self._expiries)

    def _store(self, key: str, value: bytes, expires: float | None) -> None:
        self._data[key] = (value, expires)
        if expires is not None:
            heapq.heappush(self._expiries, (expires, key))

    def __len__(self) -> int:
        """Entries held, the expired ones not yet let go included."""
        return len(self._data)

    def _live(self, key: str) -> tuple[bytes, float | None] | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        if entry[1] is not None and entry[1] <= time.monotonic():
            del self._data[key]
            return None
        return entry

    async def get(self, key: str) -> bytes | None:
        entry = self._live(key)
        return entry[0] if entry else None

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None:
        now = time.monotonic()
        self._expire(now)
        self._store(key, value, now + ttl if ttl else None)

    async def set_many(self, values: Mapping[str, bytes], ttl: float | None = None) -> None:
        for key, value in values.items():
            await self.set(key, value, ttl)

    async def add(self, key: str, value: bytes, ttl: float | None = None) -> bool:
        if self._live(key) is not None:
            return False
        await self.set(key, value, ttl)
        return True

    async def pop(self, key: str) -> bytes | None:
        entry = self._live(key)
        self._data.pop(key, None)
        return entry[0] if entry else None

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._data.pop(key, None)

    async def incr(self, key: str, ttl: float) -> tuple[int, float]:
        entry = self._live(key)
        now = time.monotonic()
        if entry is None:
            self._expire(now)
            self._store(key, b"1", now + ttl)
            return 1, ttl
        value = int(entry[0]) + 1
        if entry[1] is None:  # a counter set without expiry: it starts expiring now
            expires = now + ttl
            self._store(key, str(value).encode(), expires)
        else:  # same expiry, already on the heap: no second heap entry per increment
            expires = entry[1]
            self._data[key] = (str(value).encode(), expires)
        # (now + ttl) - now is not always ttl in floating point: never report more
        return value, min(ttl, max(0.0, expires - now))

    async def incr_until(
        self, counters: Sequence[tuple[str, float, int]]
    ) -> list[tuple[int, float]]:
        counted = []
        for key, ttl, cap in counters:
            counted.append(await self.incr(key, ttl))
            if counted[-1][0] > cap:
                break
        return counted

    async def ping(self) -> None:
        return None


# KEYS: counters; ARGV: ttl in ms and cap of each, in turn. INCR, give an expiry to a
# counter without one, and stop after the first past its cap: {value, ms left, ...}.
_INCR_UNTIL = """
local out = {}
for i, key in ipairs(KEYS) do
  local value = redis.call('INCR', key)
  local left = redis.call('PTTL', key)
  if left < 0 then
    left = tonumber(ARGV[2 * i - 1])
    redis.call('PEXPIRE', key, left)
  end
  out[#out + 1] = value
  out[#out + 1] = left
  if value > tonumber(ARGV[2 * i]) then break end
end
return out
"""


class RedisCache:
    """The same operations on Redis; keys are namespaced."""

    def __init__(self, client: Redis, namespace: str = "ecoeco:") -> None:
        self.client = client
        self.ns = namespace
        self._incr_until = client.register_script(_INCR_UNTIL)  # EVALSHA, loaded once

    async def get(self, key: str) -> bytes | None:
        value = await self.client.get(self.ns + key)
        return cast(bytes | None, value)

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None:
        px = int(ttl * 1000) if ttl else None
        await self.client.set(self.ns + key, value, px=px)

    async def set_many(self, values: Mapping[str, bytes], ttl: float | None = None) -> None:
        if len(values) == 1:
            [(key, value)] = values.items()
            await self.set(key, value, ttl)
            return
        px = int(ttl * 1000) if ttl else None
        async with self.client.pipeline(transaction=False) as pipe:
            for key, value in values.items():
                pipe.set(self.ns + key, value, px=px)
            await pipe.execute()

    async def add(self, key: str, value: bytes, ttl: float | None = None) -> bool:
        px = int(ttl * 1000) if ttl else None
        return bool(await self.client.set(self.ns + key, value, px=px, nx=True))

    async def pop(self, key: str) -> bytes | None:
        value = await self.client.getdel(self.ns + key)
        return cast(bytes | None, value)

    async def delete(self, *keys: str) -> None:
        if keys:
            await self.client.delete(*(self.ns + k for k in keys))

    async def incr(self, key: str, ttl: float) -> tuple[int, float]:
        name = self.ns + key
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.pexpire(name, int(ttl * 1000), nx=True)
            pipe.pttl(name)
            value, _, pttl = await pipe.execute()
        return int(value), max(0.0, int(pttl) / 1000)

    async def incr_until(
        self, counters: Sequence[tuple[str, float, int]]
    ) -> list[tuple[int, float]]:
        keys = [self.ns + key for key, _, _ in counters]
        args = [n for _, ttl, cap in counters for n in (int(ttl * 1000), cap)]
        reply = await self._incr_until(keys=keys, args=args)
        pairs = zip(reply[::2], reply[1::2], strict=True)
        return [(int(value), max(0.0, int(left) / 1000)) for value, left in pairs]

    async def ping(self) -> None:
        await self.client.ping()


class CacheAside:
    """Read-through helper that counts hits and misses under a cache name."""

    def __init__(self, cache: Cache, name: str) -> None:
        self.cache = cache
        self.name = name

    async def get(self, key: str) -> bytes | None:
        """Look up and count the result."""
        value = await self.cache.get(f"{self.name}:{key}")
        metrics.CACHE_REQUESTS.labels(self.name, "hit" if value is not None else "miss").inc()
        return value

    async def set(self, key: str, value: bytes, ttl: float) -> None:
        """Store under this cache's namespace."""
        await self.cache.set(f"{self.name}:{key}", value, ttl)
