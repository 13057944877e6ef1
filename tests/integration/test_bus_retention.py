"""Retention: published outbox rows, inbox records and dead letters go after their time;
unpublished rows and anything younger stay. On SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from ecoeco.core.bus.models import DeadLetter, InboxRecord, OutboxMessage
from ecoeco.core.bus.retention import BATCH, Retention, purge
from ecoeco.core.db import Database, new_id, utcnow
from tests.conftest import truncate_all


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated database of either kind (PostgreSQL is this session's test database)."""
    if request.param == "sqlite":
        shutil.copy(sqlite_template, tmp_path / "bus.db")
        return f"sqlite+aiosqlite:///{tmp_path / 'bus.db'}"
    found: str = request.getfixturevalue("postgres_url")
    return found


@pytest.fixture
async def db(url: str) -> AsyncIterator[Database]:
    database = Database(url)
    await database.start()
    yield database
    await database.stop()
    if url.startswith("postgresql"):
        await truncate_all(url)


def purged(table: str) -> float:
    value = REGISTRY.get_sample_value("ecoeco_retention_purged_total", {"table": table})
    return value or 0.0


async def counts(db: Database) -> dict[str, int]:
    async with db.session() as session:
        found = {}
        for name, model in (("outbox", OutboxMessage), ("inbox", InboxRecord)):
            found[name] = (
                await session.execute(select(func.count()).select_from(model))
            ).scalar_one()
        found["dead"] = (
            await session.execute(select(func.count()).select_from(DeadLetter))
        ).scalar_one()
        return found


async def test_rows_past_their_retention_are_purged_and_the_rest_kept(db: Database) -> None:
    now = utcnow()
    old, young, ancient = now - timedelta(days=8), now - timedelta(days=6), now - timedelta(days=31)
    async with db.transaction() as session:

        def outbox(created: object, published: object) -> OutboxMessage:
            return OutboxMessage(
                message_id=new_id(),
                type="t",
                payload={},
                created_at=created,
                published_at=published,
            )

        session.add_all([outbox(old, old), outbox(young, young), outbox(old, None)])
        session.add_all(
            [
                InboxRecord(consumer="c", message_id=new_id(), processed_at=old),
                InboxRecord(consumer="c", message_id=new_id(), processed_at=young),
            ]
        )
        session.add_all(
            [
                DeadLetter(consumer="c", message_id=new_id(), body="{}", created_at=ancient),
                DeadLetter(consumer="c", message_id=new_id(), body="{}", created_at=old),
            ]
        )
    before = {t: purged(t) for t in ("outbox", "inbox", "dead_letters")}
    result = await purge(db, Retention(), service="test")
    assert (result.outbox, result.inbox, result.dead_letters) == (1, 1, 1)
    assert await counts(db) == {"outbox": 2, "inbox": 1, "dead": 1}
    for table in ("outbox", "inbox", "dead_letters"):
        assert purged(table) == before[table] + 1
    async with db.session() as session:
        unpublished = await session.execute(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.published_at.is_(None))
        )
        assert unpublished.scalar_one() == 1, "an unpublished row is never purged"


async def test_a_large_backlog_goes_in_batches(db: Database) -> None:
    old = utcnow() - timedelta(days=10)
    async with db.transaction() as session:
        session.add_all(
            InboxRecord(consumer="c", message_id=new_id(), processed_at=old)
            for _ in range(BATCH * 2 + 7)
        )
    result = await purge(db, Retention(inbox_days=1), service="test")
    assert result.inbox == BATCH * 2 + 7
    assert (await counts(db))["inbox"] == 0
