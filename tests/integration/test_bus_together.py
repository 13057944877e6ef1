"""The embedded broker applies one commit's deliveries to several consumers in one
transaction where they said so, and keeps every promise of a delivery doing it."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import Subscription, publish
from ecoeco.core.bus.inprocess import InProcessBroker
from ecoeco.core.bus.models import DeadLetter, Delivery
from ecoeco.core.bus.ports import MessageContext
from ecoeco.core.db import Database
from tests.conftest import eventually
from tests.integration.bus_support import Recorder, create_effects_table, effects

TOGETHER = frozenset({UserDeleted.TYPE})


@pytest.fixture
async def db(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Database]:
    shutil.copy(sqlite_template, tmp_path / "bus.db")
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'bus.db'}")
    await database.start()
    await create_effects_table(database)
    yield database
    await database.stop()


async def start(db: Database, **handlers: Recorder) -> InProcessBroker:
    """A broker with one consumer per handler, each taking user.deleted together."""
    broker = InProcessBroker(db, max_retries=1, retry_base_seconds=0.02, poll_seconds=3600)
    subs = [
        Subscription(name, {UserDeleted.TYPE: handler}, together=TOGETHER)
        for name, handler in handlers.items()
    ]
    await broker.start(subs)
    for sub in subs:
        await broker.consume(sub)
    return broker


async def _is(value: Awaitable[int], expected: int) -> bool:
    return await value == expected


async def count(db: Database, model: type[Delivery] | type[DeadLetter]) -> int:
    async with db.read_session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


class SessionSpy(Recorder):
    """A recorder that also notes the session each delivery ran in."""

    sessions: list[int]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sessions = []

    async def __call__(self, ctx: MessageContext) -> None:
        self.sessions.append(id(ctx.session))
        await super().__call__(ctx)


async def test_one_commits_deliveries_to_several_consumers_share_a_transaction(
    db: Database,
) -> None:
    first, second = SessionSpy(), SessionSpy()
    broker = await start(db, first=first, second=second)
    try:
        async with db.transaction() as session:
            sent = publish(session, UserDeleted(user_id="both"))
        await eventually(lambda: _is(effects(db, sent.id), 2), timeout=5)
        await eventually(lambda: _is(count(db, Delivery), 0), timeout=5)
        assert first.sessions == second.sessions  # one transaction for both
        assert len(first.sessions) == 1
    finally:
        await broker.stop()


async def test_a_failing_handler_leaves_the_others_applied_once(db: Database) -> None:
    """The joint transaction rolls back; each delivery then runs on its own: the healthy
    one is applied once, the failing one is retried and parked as it always was."""
    healthy, failing = Recorder(), Recorder(fail=True)
    broker = await start(db, healthy=healthy, failing=failing)
    try:
        async with db.transaction() as session:
            sent = publish(session, UserDeleted(user_id="one-fails"))
        await eventually(lambda: _is(count(db, DeadLetter), 1), timeout=5)
        await eventually(lambda: _is(count(db, Delivery), 0), timeout=5)
        assert await effects(db, sent.id) == 1  # the healthy one's, once
        assert healthy.calls == 2  # in the rolled-back joint transaction, then alone
        async with db.read_session() as session:
            parked = await session.execute(select(DeadLetter.consumer))
            assert parked.scalars().all() == ["failing"]
    finally:
        await broker.stop()


async def test_a_crash_mid_transaction_leaves_every_delivery(db: Database) -> None:
    hang = asyncio.Event()
    stuck, other = Recorder(hang=hang), Recorder()
    broker = await start(db, stuck=stuck, other=other)
    async with db.transaction() as session:
        sent = publish(session, UserDeleted(user_id="crash"))
    await asyncio.wait_for(stuck.started.wait(), 5)
    await broker.stop()  # cancels the joint transaction mid-handler
    assert await effects(db, sent.id) == 0
    assert await count(db, Delivery) == 2

    again = await start(db, stuck=Recorder(), other=Recorder())
    try:
        await eventually(lambda: _is(effects(db, sent.id), 2), timeout=5)
        await eventually(lambda: _is(count(db, Delivery), 0), timeout=5)
    finally:
        await again.stop()
