"""Fixed-window rate limits on the cache; 429 with Retry-After when exceeded.

A limit is written as the `limits` library parses it: `30/minute`, several windows
separated by `;` (`30/minute; 500/day`). Per-person limits key on the user id; the
caller's address comes from the production path's trusted-proxy handling.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from limits import parse_many
from pydantic import AfterValidator

from ecoeco.core.cache import Cache
from ecoeco.core.errors import RateLimited
from ecoeco.core.observability import metrics


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `seconds` for one key."""

    name: str
    count: int
    seconds: float


@functools.lru_cache(maxsize=128)
def _windows(text: str) -> tuple[tuple[int, float], ...]:
    """(count, seconds) of each window of a written limit, parsed once per distinct text."""
    return tuple((item.amount, float(item.get_expiry())) for item in parse_many(text))


@functools.lru_cache(maxsize=128)
def parse_limits(name: str, text: str) -> tuple[Limit, ...]:
    """Every window of a written limit (`30/minute; 500/day`), all under one name.

    Built once per name and text: the settings hand the same text to every request they
    limit, and the windows are immutable, so those requests share one tuple.
    """
    return tuple(Limit(name, count, seconds) for count, seconds in _windows(text))


def _valid(text: str) -> str:
    if not _windows(text):
        raise ValueError("a rate limit needs at least one window, e.g. 30/minute")
    return text


RateText = Annotated[str, AfterValidator(_valid)]
"""A settings field holding a written limit (checked when the settings load)."""


class RateLimiter:
    """Counts hits per (limit, window, key) in the shared cache so every replica agrees."""

    def __init__(self, cache: Cache, service: str) -> None:
        self.cache = cache
        self.service = service

    @staticmethod
    def _key(limit: Limit, key: str) -> str:
        return f"rl:{limit.name}:{int(limit.seconds)}:{key}"

    async def hit(self, limit: Limit, key: str) -> None:
        """Count one hit; raise RateLimited when the window is full."""
        await self.hit_all((limit,), key)

    async def hit_all(self, limits: Sequence[Limit], key: str) -> None:
        """Count one hit in each window in turn; raise RateLimited for the first one that
        is full (the windows after it are not counted). One round trip on Redis."""
        counters = [(self._key(limit, key), limit.seconds, limit.count) for limit in limits]
        counted = await self.cache.incr_until(counters)  # stops at the first full window
        for limit, (value, left) in zip(limits, counted, strict=False):
            if value > limit.count:
                metrics.RATE_LIMITED.labels(self.service, limit.name).inc()
                raise RateLimited(
                    retry_after=math.ceil(left) or 1,
                    message=f"Too many requests: at most {limit.count} per {_window(limit)}",
                )

    async def forget(self, limits: Sequence[Limit], key: str) -> None:
        """Drop the counters of `key` (an erased person's id: the cache keeps nothing of them)."""
        await self.cache.delete(*(self._key(limit, key) for limit in limits))

    async def check(self, limit: Limit, key: str) -> None:
        """Raise RateLimited when the window is already full, without counting a hit."""
        value = await self.cache.get(self._key(limit, key))
        if value is not None and int(value) >= limit.count:
            metrics.RATE_LIMITED.labels(self.service, limit.name).inc()
            raise RateLimited(retry_after=math.ceil(limit.seconds))


def _window(limit: Limit) -> str:
    for seconds, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if limit.seconds >= seconds and limit.seconds % seconds == 0:
            count = int(limit.seconds // seconds)
            return unit if count == 1 else f"{count} {unit}s"
    return f"{limit.seconds:g} seconds"
