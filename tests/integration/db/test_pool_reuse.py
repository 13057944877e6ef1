"""A burst of requests reuses the connections the last burst opened: no reconnect churn.

Each PostgreSQL connection is a backend process forked and authenticated; a pool that
closes connections after a burst (SQLAlchemy's overflow) pays that again on the next.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from ecoeco.core.db import Database
from ecoeco.core.settings import CoreSettings
from tests.servers import need

pytestmark = [pytest.mark.postgres]

Backend = tuple[int, float]
"""A server process: its pid and start time (a pid alone may be reused)."""

WHO = text(
    "SELECT pid, extract(epoch FROM backend_start) FROM pg_stat_activity"
    " WHERE pid = pg_backend_pid()"
)


async def burst(db: Database, width: int) -> set[Backend]:
    """`width` sessions at once, each holding its connection until all have one."""
    together = asyncio.Barrier(width)

    async def one() -> Backend:
        async with db.session() as session:
            pid, started = (await session.execute(WHO)).one()
            await together.wait()
            return int(pid), float(started)

    return set(await asyncio.gather(*(one() for _ in range(width))))


async def test_a_second_burst_opens_no_connection(postgres_url: str) -> None:
    need("postgres")
    settings = CoreSettings(database_url=postgres_url)  # the defaults every process starts from
    db = Database(
        postgres_url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_max_overflow,
    )
    await db.start()
    try:
        width = settings.database_pool_size + settings.database_max_overflow
        first = await burst(db, width)
        assert len(first) == width  # every session had its own connection
        await burst(db, 1)  # a quiet moment between bursts
        second = await burst(db, width)
        assert second <= first, f"{len(second - first)} of {width} connections were reopened"
    finally:
        await db.stop()


async def test_overflow_is_what_reconnects(postgres_url: str) -> None:
    """The control: with overflow, the connections past the pool size are new each burst."""
    need("postgres")
    db = Database(postgres_url, pool_size=2, max_overflow=2)
    await db.start()
    try:
        first = await burst(db, 4)
        second = await burst(db, 4)
        assert len(second - first) == 2
    finally:
        await db.stop()
