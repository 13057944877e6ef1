"""The embedded broker applies a message published by a delivery's handler in that same
transaction when every consumer takes it together, and keeps every promise doing it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from ecoeco.contracts.events import CharacterGranted, UserDeleted
from ecoeco.core.bus import Envelope, Subscription, publish
from ecoeco.core.bus.inprocess import InProcessBroker
from ecoeco.core.bus.models import DeadLetter, Delivery, InboxRecord, OutboxMessage
from ecoeco.core.bus.ports import MessageContext
from ecoeco.core.db import Database
from tests.conftest import eventually
from tests.integration.bus_support import Recorder, bus_database, effects, equals

TOGETHER = frozenset({CharacterGranted.TYPE})


@pytest.fixture
async def db(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Database]:
    async with bus_database(tmp_path, sqlite_template) as database:
        yield database


@dataclass
class Publisher(Recorder):
    """Records its effect and publishes `character.granted` in the same transaction."""

    sent: list[Envelope] = field(default_factory=list)
    sessions: list[int] = field(default_factory=list)

    async def __call__(self, ctx: MessageContext) -> None:
        self.sessions.append(id(ctx.session))
        await super().__call__(ctx)
        granted = CharacterGranted(user_id="u", code=None, scan_id=ctx.envelope.id)
        self.sent.append(publish(ctx.session, granted))


@dataclass
class Consumer(Recorder):
    """A recorder that notes its session and leaves an after-commit action."""

    sessions: list[int] = field(default_factory=list)
    announced: int = 0

    async def __call__(self, ctx: MessageContext) -> None:
        self.sessions.append(id(ctx.session))

        async def announce() -> None:
            self.announced += 1

        ctx.after_commit(announce)
        await super().__call__(ctx)


async def start(db: Database, publisher: Publisher, **consumers: Consumer) -> InProcessBroker:
    broker = InProcessBroker(db, max_retries=1, retry_base_seconds=0.02, poll_seconds=3600)
    subs = [Subscription("publisher", {UserDeleted.TYPE: publisher})] + [
        Subscription(name, {CharacterGranted.TYPE: handler}, together=TOGETHER)
        for name, handler in consumers.items()
    ]
    await broker.start(subs)
    for sub in subs:
        await broker.consume(sub)
    return broker


async def two_consumers(db: Database) -> tuple[InProcessBroker, Publisher, Consumer, Consumer]:
    """A started broker with the publisher and two consumers, `first` and `second`."""
    publisher, first, second = Publisher(), Consumer(), Consumer()
    return await start(db, publisher, first=first, second=second), publisher, first, second


@contextmanager
def statements(prefix: str) -> Iterator[list[Any]]:
    """The parameters of each statement beginning with `prefix` sent meanwhile."""
    seen: list[Any] = []

    def listen(_conn: Any, _cursor: Any, statement: str, params: Any, *_args: Any) -> None:
        if statement.lstrip().startswith(prefix):
            seen.append(params)

    event.listen(Engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", listen)


async def count(db: Database, model: Any, *where: Any) -> int:
    async with db.read_session() as session:
        query = select(func.count()).select_from(model).where(*where)
        return int((await session.execute(query)).scalar_one())


async def test_a_published_message_is_applied_in_the_publishers_transaction(
    db: Database,
) -> None:
    broker, publisher, first, second = await two_consumers(db)
    try:
        with statements("INSERT INTO main.deliveries") as written:
            async with db.transaction() as session:
                sent = publish(session, UserDeleted(user_id="inline"))
            await eventually(lambda: equals(effects(db, sent.id), 1), timeout=5)
        granted = publisher.sent[0]
        assert await effects(db, granted.id) == 2  # both consumers', once each
        assert first.sessions == second.sessions == publisher.sessions  # one transaction
        assert len(written) == 1  # the producer's delivery; none for the granted message
        assert await count(db, Delivery) == 0
        assert await count(db, InboxRecord, InboxRecord.message_id == granted.id) == 2
        published = OutboxMessage.message_id == granted.id, OutboxMessage.published_at.is_not(None)
        assert await count(db, OutboxMessage, *published) == 1
        assert first.announced == second.announced == 1
    finally:
        await broker.stop()


async def test_a_failing_consumer_leaves_the_publisher_and_the_others_applied_once(
    db: Database,
) -> None:
    """The savepoint rolls back; the message is queued and each consumer takes it as
    before: the healthy one applied once, the failing one parked; the publisher's work
    commits once, and the failing one's after-commit action never runs."""
    publisher, healthy, failing = Publisher(), Consumer(), Consumer(fail=True)
    broker = await start(db, publisher, healthy=healthy, failing=failing)
    try:
        async with db.transaction() as session:
            sent = publish(session, UserDeleted(user_id="one-fails"))
        await eventually(lambda: equals(count(db, DeadLetter), 1), timeout=5)
        await eventually(lambda: equals(count(db, Delivery), 0), timeout=5)
        granted = publisher.sent[0]
        assert publisher.calls == 1
        assert await effects(db, sent.id) == 1
        assert await effects(db, granted.id) == 1  # the healthy one's, once
        assert healthy.announced == 1
        assert failing.announced == 0
        async with db.read_session() as session:
            parked = await session.execute(select(DeadLetter.consumer))
            assert parked.scalars().all() == ["failing"]
    finally:
        await broker.stop()


async def test_a_crash_while_applying_leaves_the_publishers_delivery(db: Database) -> None:
    hang = asyncio.Event()
    publisher, stuck = Publisher(), Consumer(hang=hang)
    broker = await start(db, publisher, stuck=stuck, other=Consumer())
    async with db.transaction() as session:
        sent = publish(session, UserDeleted(user_id="crash"))
    await asyncio.wait_for(stuck.started.wait(), 5)
    await broker.stop()  # cancels the publisher's transaction inside the savepoint
    granted = publisher.sent[0]
    assert await effects(db, sent.id) == 0
    assert await effects(db, granted.id) == 0
    assert await count(db, OutboxMessage, OutboxMessage.message_id == granted.id) == 0
    assert await count(db, Delivery) == 1  # the publisher's, to be retried

    again = Publisher()
    restarted = await start(db, again, stuck=Consumer(), other=Consumer())
    try:
        await eventually(lambda: equals(effects(db, sent.id), 1), timeout=5)
        assert await effects(db, again.sent[0].id) == 2
        assert await count(db, Delivery) == 0
    finally:
        await restarted.stop()


async def test_a_message_queued_twice_is_applied_once_with_its_consumers(db: Database) -> None:
    """The consumers' inbox rows ride in the publisher's inbox INSERT: a second delivery of
    the publisher's message is refused there, and its consumers' work goes with it."""
    broker, publisher, first, second = await two_consumers(db)
    try:
        with statements("INSERT INTO main.inbox") as records:
            async with db.transaction() as session:
                sent = publish(session, UserDeleted(user_id="twice"))
                broker.stage(session, [Envelope.from_bytes(sent.to_bytes())])  # queued again
            await eventually(lambda: equals(count(db, Delivery), 0), timeout=5)
        assert publisher.calls == 2  # the second delivery ran it, and rolled it all back
        assert await effects(db, sent.id) == 1
        applied = [envelope.id for envelope in publisher.sent]
        assert sorted([await effects(db, message) for message in applied]) == [0, 2]
        assert await count(db, InboxRecord, InboxRecord.message_id.in_(applied)) == 2
        assert await count(db, InboxRecord, InboxRecord.message_id == sent.id) == 1
        # the publisher's row and its consumers', in one statement (twice: one refused)
        assert [len(params) for params in records] == [3, 3]
        assert first.announced == second.announced == 1
    finally:
        await broker.stop()
