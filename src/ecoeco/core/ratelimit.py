"""Fixed-window rate limits on the cache; 429 with Retry-After when exceeded."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ecoeco.core.cache import Cache
from ecoeco.core.errors import RateLimited
from ecoeco.core.observability import metrics


@dataclass(frozen=True)
class Limit:
    """At most `count` hits per `seconds` for one key."""

    name: str
    count: int
    seconds: float


class RateLimiter:
    """Counts hits per (limit, key) in the shared cache so every replica agrees."""

    def __init__(self, cache: Cache, service: str) -> None:
        self.cache = cache
        self.service = service

    async def hit(self, limit: Limit, key: str) -> None:
        """Count one hit; raise RateLimited when the window is full."""
        value, left = await self.cache.incr(f"rl:{limit.name}:{key}", limit.seconds)
        if value > limit.count:
            metrics.RATE_LIMITED.labels(self.service, limit.name).inc()
            raise RateLimited(retry_after=math.ceil(left) or 1)

    async def check(self, limit: Limit, key: str) -> None:
        """Raise RateLimited when the window is already full, without counting a hit."""
        value = await self.cache.get(f"rl:{limit.name}:{key}")
        if value is not None and int(value) >= limit.count:
            metrics.RATE_LIMITED.labels(self.service, limit.name).inc()
            raise RateLimited(retry_after=math.ceil(limit.seconds))
