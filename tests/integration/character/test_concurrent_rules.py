"""The grant rules under racing transactions on the real database (no bus in between)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select

from ecoeco.character import service
from ecoeco.character.catalogue import load_catalogue
from ecoeco.character.models import Collector, DailyTally, Ownership, ScanReward
from ecoeco.character.rules import PointsRule
from ecoeco.character.settings import CharacterSettings
from ecoeco.contracts.events import ScanCompleted
from ecoeco.core.db import Database, new_id, utcnow
from tests.conftest import Backend

CATALOGUE = load_catalogue()
RULE = PointsRule.from_settings(CharacterSettings())
KEY = b"test-erasure-key"


@pytest.fixture
async def db(backend: Backend) -> AsyncIterator[Database]:
    database = Database(backend.settings.effective_database_url, pool_size=10)
    await database.start()
    yield database
    await database.stop()


def correct_scan(
    user_id: str, category: str = "glass", scan_id: str | None = None
) -> ScanCompleted:
    return ScanCompleted(
        scan_id=scan_id or new_id(),
        user_id=user_id,
        item="bottle",
        category=category,
        recyclable=True,
        confirmed=True,
    )


async def reward(db: Database, scan: ScanCompleted) -> service.ScanRewardOutcome | None:
    async with db.transaction() as session:
        return await service.grant_for_scan(session, CATALOGUE, RULE, scan, utcnow(), key=KEY)


async def count(
    db: Database, model: type[Ownership] | type[ScanReward] | type[DailyTally], user_id: str
) -> int:
    column = model.user_id
    async with db.session() as session:
        return int(
            (await session.execute(select(func.count()).where(column == user_id))).scalar_one()
        )


async def test_racing_copies_of_one_scan_reward_it_once(db: Database) -> None:
    user = new_id()
    scan = correct_scan(user)
    outcomes = await asyncio.gather(*(reward(db, scan) for _ in range(5)))
    rewarded = [o for o in outcomes if o is not None]
    assert len(rewarded) == 1
    assert rewarded[0].points == 60
    assert rewarded[0].character is not None
    assert await count(db, ScanReward, user) == 1
    assert await count(db, Ownership, user) == 1


async def test_racing_scans_respect_the_daily_cap(db: Database) -> None:
    user = new_id()
    outcomes = await asyncio.gather(*(reward(db, correct_scan(user)) for _ in range(12)))
    assert all(o is not None for o in outcomes)
    points = sorted(o.points for o in outcomes if o is not None)
    assert points == [0] * 7 + [10] * 4 + [60]
    assert sum(o.character is not None for o in outcomes if o is not None) == 1
    async with db.session() as session:
        tally = await session.get(DailyTally, (user, "glass", RULE.day_of(utcnow())))
        assert tally is not None
        assert tally.scans == 12


async def test_deletion_racing_grants_leaves_nothing_behind(db: Database) -> None:
    user = new_id()
    scans = [correct_scan(user, category) for category in ("paper", "metal", "vinyl", "glass")]

    async def erase() -> None:
        async with db.transaction() as session:
            await service.erase_user(session, user, key=KEY)

    await asyncio.gather(
        *(reward(db, s) for s in scans[:2]), erase(), *(reward(db, s) for s in scans[2:])
    )
    for model in (Ownership, ScanReward, DailyTally):
        assert await count(db, model, user) == 0, model
    async with db.session() as session:
        assert await session.get(Collector, user) is None, "the tombstone holds no account id"
        collector = await session.get(Collector, service.collector_key(KEY, user))
    assert collector is not None
    assert collector.erased_at is not None
    assert await reward(db, correct_scan(user, "textile")) is None
    async with db.transaction() as session:
        assert not await service.grant_starter(session, CATALOGUE, user, key=KEY)
    assert await count(db, Ownership, user) == 0
