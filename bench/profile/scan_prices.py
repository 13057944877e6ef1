"""What the parts of a distributed scan cost the event loop's thread, one at a time.

    .venv/bin/python bench/profile/scan_prices.py [--rounds 3] [--count 400]

The scan-only bench's loop thread spends ~11 ms a scan on the app's Python and its
clients (`bench/profile/scan_by_process.py`); this prices the parts the distributed mode
adds, each alone against the real servers, in CPU time of the calling thread
(`time.thread_time`, system calls included) per operation:

- a consumer's unit of work as `apply_once` runs the ai worker's: a session, two events
  published, the inbox row, `write_last` (one autocommitted statement), the commit;
- the same through `apply_once` itself (a first delivery: no inbox read first), its
  handler publishing two events and writing a row with `write_last`;
- the same statement and values on an autocommitting connection (SQLAlchemy Core, no
  session), and the same SQL sent by asyncpg on a connection from the same pool (the
  floor any SQLAlchemy path could reach);
- a connection's checkout and return alone;
- a Redis GET (a token's revocation look) and the rate limit's script (one window).

Rounds alternate the cases; each line gives every round's figure and the ratio of the
median to the unit of work's. Meaningful on a quiet machine only.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from redis.asyncio import Redis
from sqlalchemy import bindparam, func, insert, text
from sqlalchemy.ext.asyncio import create_async_engine

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import publish, write_last
from ecoeco.core.bus.apply import apply_once
from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.last_write import _shape, stage_inbox
from ecoeco.core.bus.models import DeadLetter
from ecoeco.core.bus.ports import MessageContext
from ecoeco.core.cache import RedisCache
from ecoeco.core.db import Database, utcnow
from ecoeco.core.db.session import run_after_commit
from ecoeco.core.ratelimit import RateLimiter, parse_limits
from ecoeco.migrations import upgrade

POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"

Case = Callable[[], Awaitable[Any]]
# A handler's own last write: a dead letter row (any table will do), all values given.
_WORK = insert(DeadLetter).values(
    consumer=bindparam("b_consumer"),
    message_id=bindparam("b_id"),
    body=bindparam("b_body"),
    created_at=func.now(),
)


async def _admin(sql: str) -> None:
    engine = create_async_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


def _values(rows: int) -> dict[str, Any]:
    """What `write_last` binds for `rows` outbox rows and an inbox row."""
    values: dict[str, Any] = {}
    for i in range(rows):
        envelope_id = uuid.uuid4().hex
        values[f"_outbox{i}_message_id"] = envelope_id
        values[f"_outbox{i}_type"] = UserDeleted.TYPE
        values[f"_outbox{i}_version"] = 1
        values[f"_outbox{i}_payload"] = {"user_id": envelope_id}
        values[f"_outbox{i}_trace_id"] = None
        values[f"_outbox{i}_created_at"] = utcnow()
    values.update(_inbox_consumer="prices", _inbox_message_id=uuid.uuid4().hex)
    values["_inbox_processed_at"] = utcnow()
    return values


def cases(db: Database, cache: RedisCache, namespace: str) -> dict[str, Case]:
    """Each part, as one awaitable call."""
    shape = _shape(None, 2, True, db.engine.dialect)
    assert shape is not None
    compiled = shape.compile(dialect=db.engine.dialect)
    sql, order = compiled.string, compiled.positiontup or []
    limiter = RateLimiter(cache, "prices")
    limits = parse_limits("prices", "1000000000/minute")

    async def unit_of_work() -> None:
        async with db.session() as session:
            stage_inbox(session, "prices", uuid.uuid4().hex)
            publish(session, UserDeleted(user_id=uuid.uuid4().hex))
            publish(session, UserDeleted(user_id=uuid.uuid4().hex))
            await write_last(session)
            await session.commit()
            await run_after_commit(session)

    async def handler(ctx: MessageContext) -> None:
        publish(ctx.session, UserDeleted(user_id=uuid.uuid4().hex))
        publish(ctx.session, UserDeleted(user_id=uuid.uuid4().hex))
        params = {"b_consumer": "prices", "b_id": ctx.envelope.id, "b_body": "{}"}
        await write_last(ctx.session, _WORK, params)

    async def applied() -> None:
        envelope = Envelope.wrap(UserDeleted(user_id=uuid.uuid4().hex))
        await apply_once(db, "prices", handler, envelope, look_first=False)

    async def core() -> None:
        async with db.statements(autocommit=True) as conn:
            await conn.execute(shape, _values(2))

    async def driver() -> None:
        values = _values(2)
        for i in range(2):  # SQLAlchemy's JSON type serializes; the driver takes text
            key = f"_outbox{i}_payload"
            values[key] = orjson.dumps(values[key]).decode()
        async with db.statements(autocommit=True) as conn:
            raw = await conn.get_raw_connection()
            await raw.driver_connection.execute(sql, *(values[name] for name in order))

    async def checkout() -> None:
        async with db.statements(autocommit=True):
            pass

    async def redis_get() -> None:
        await cache.get(f"{namespace}revoked")

    async def rate_limit() -> None:
        await limiter.hit_all(limits, namespace)

    return {
        "consumer's unit of work (session, write_last, commit)": unit_of_work,
        "apply_once: handler, 2 events, its write_last": applied,
        "its statement, SQLAlchemy Core, no session": core,
        "its SQL, asyncpg on a pooled connection": driver,
        "a pooled connection's checkout and return": checkout,
        "Redis GET": redis_get,
        "Redis rate-limit script (one window)": rate_limit,
    }


async def alternate(
    parts: dict[str, Case], rounds: int, count: int, *, warm: int
) -> dict[str, list[float]]:
    """Each case `warm` times (pool, prepared statements, scripts), then `rounds` rounds
    alternating the cases, `count` calls each: the calling thread's CPU µs a call."""
    for case in parts.values():
        for _ in range(warm):
            await case()
    figures: dict[str, list[float]] = {label: [] for label in parts}
    for _ in range(rounds):
        for label, case in parts.items():
            started = time.thread_time()
            for _ in range(count):
                await case()
            figures[label].append((time.thread_time() - started) * 1e6 / count)
    return figures


async def measure(rounds: int, count: int, only: str = "") -> None:
    unique = uuid.uuid4().hex[:8]
    name = f"ecoeco_prices_{unique}"
    await _admin(f'CREATE DATABASE "{name}"')
    url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    db = Database(url)
    client = Redis.from_url(REDIS)
    namespace = f"prices:{unique}:"
    try:
        await asyncio.to_thread(upgrade, url)
        await db.start()
        cache = RedisCache(client, namespace)
        parts = cases(db, cache, namespace)
        if only:
            parts = {k: v for k, v in parts.items() if any(w in k for w in only.split(","))}
        figures = await alternate(parts, rounds, count, warm=50)
        base = statistics.median(next(iter(figures.values())))
        for label, each in figures.items():
            middle = statistics.median(each)
            rounds_text = ", ".join(f"{value:6.1f}" for value in each)
            print(f"{label:<55} {rounds_text} µs  (median {middle / base:4.2f} × the first)")
    finally:
        await db.stop()
        keys = [key async for key in client.scan_iter(match=f"{namespace}*")]
        if keys:
            await client.delete(*keys)
        await client.aclose()
        await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--only", default="", help="comma-separated words: the cases naming one")
    args = parser.parse_args()
    asyncio.run(measure(args.rounds, args.count, args.only))


if __name__ == "__main__":
    main()
