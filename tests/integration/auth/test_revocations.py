"""The blacklist on real Redis and PostgreSQL: a Redis restart does not resurrect tokens."""

from __future__ import annotations

import uuid
from datetime import timedelta

from redis.asyncio import Redis
from sqlalchemy import delete

from ecoeco.auth.models import RevokedToken
from ecoeco.auth.sessions import blacklist, restore_revocations
from ecoeco.core.cache import RedisCache
from ecoeco.core.db import Database, utcnow
from ecoeco.core.security.tokens import revoked_key
from tests.servers import REDIS_URL, need


async def test_revocations_come_back_after_redis_loses_them(postgres_url: str) -> None:
    need("postgres", "redis")
    namespace = f"test:{uuid.uuid4().hex[:10]}:"
    db = Database(postgres_url)
    await db.start()
    redis = Redis.from_url(REDIS_URL)
    cache = RedisCache(redis, namespace)
    live, dead = uuid.uuid4().hex[:26], uuid.uuid4().hex[:26]
    try:
        async with db.transaction() as session:
            await blacklist(session, cache, live, utcnow() + timedelta(minutes=10))
            await blacklist(session, cache, dead, utcnow() - timedelta(seconds=1))
            session.add(RevokedToken(jti=dead, expires_at=utcnow() - timedelta(seconds=1)))
        assert await cache.get(revoked_key(live)) == b"1"
        assert await cache.get(revoked_key(dead)) is None
        await restore_revocations(db, cache)
        assert await restore_revocations(db, cache) == 0, "loaded once while the marker stands"

        keys = await redis.keys(f"{namespace}*")
        await redis.delete(*keys)  # what a Redis restart without persistence leaves behind
        assert await cache.get(revoked_key(live)) is None

        assert await restore_revocations(db, cache) >= 1
        assert await cache.get(revoked_key(live)) == b"1"
        assert await cache.get(revoked_key(dead)) is None
        ttl_ms = await redis.pttl(f"{namespace}{revoked_key(live)}")
        assert 0 < ttl_ms <= (10 * 60 + 10) * 1000, "kept only until the token would expire"
        async with db.session() as session:
            assert await session.get(RevokedToken, dead) is None, "expired rows are purged"
    finally:
        async with db.transaction() as session:
            await session.execute(delete(RevokedToken).where(RevokedToken.jti.in_([live, dead])))
        keys = await redis.keys(f"{namespace}*")
        if keys:
            await redis.delete(*keys)
        await redis.aclose()
        await db.stop()
