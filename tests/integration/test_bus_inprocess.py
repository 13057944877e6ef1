"""The same promises from the embedded broker on SQLite."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import Envelope, Subscription, publish
from ecoeco.core.bus.inprocess import InProcessBroker
from ecoeco.core.bus.models import DeadLetter, Delivery, OutboxMessage
from ecoeco.core.bus.ports import MessageContext
from ecoeco.core.bus.relay import OutboxRelay
from ecoeco.core.db import Database
from tests.conftest import eventually
from tests.integration.bus_support import Recorder, create_effects_table, effects


@pytest.fixture
async def db(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Database]:
    shutil.copy(sqlite_template, tmp_path / "bus.db")
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'bus.db'}")
    await database.start()
    await create_effects_table(database)
    yield database
    await database.stop()


async def start(db: Database, recorder: Recorder, retries: int = 2) -> InProcessBroker:
    broker = InProcessBroker(db, max_retries=retries, retry_base_seconds=0.02, poll_seconds=0.02)
    sub = Subscription("testsvc", {UserDeleted.TYPE: recorder})
    await broker.start([sub])
    await broker.consume(sub)
    return broker


async def _is(value: Awaitable[int], expected: int) -> bool:
    return await value == expected


async def count(db: Database, model: type[Delivery] | type[DeadLetter]) -> int:
    async with db.session() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_rolled_back_message_is_never_delivered(db: Database) -> None:
    recorder = Recorder()
    broker = await start(db, recorder)
    relay = OutboxRelay(db, broker, service="test")
    try:
        async with db.session() as session:
            lost = publish(session, UserDeleted(user_id="rolled-back"))
            await session.rollback()
        async with db.transaction() as session:
            kept = publish(session, UserDeleted(user_id="committed"))
        assert await relay.drain() == 0  # fanned out in the producer's own transaction
        await eventually(lambda: _is(effects(db, kept.id), 1))
        assert await effects(db, lost.id) == 0
    finally:
        await broker.stop()


async def test_an_event_is_its_deliveries_in_the_producers_own_transaction(db: Database) -> None:
    hang = asyncio.Event()
    recorder = Recorder(hang=hang)  # keeps the delivery row while it runs
    broker = await start(db, recorder)
    try:
        async with db.transaction() as session:
            sent = publish(session, UserDeleted(user_id="at-once"))
            await session.flush()
            async with db.read_session() as outside:  # not visible before the commit
                assert (await outside.execute(select(func.count(Delivery.seq)))).scalar() == 0
        async with db.read_session() as session:
            rows = (await session.execute(select(Delivery.message_id))).scalars().all()
        assert rows == [sent.id]
        await asyncio.wait_for(recorder.started.wait(), 5)  # woken by the commit, no relay
    finally:
        hang.set()
        await broker.stop()


async def test_a_read_session_cannot_write(db: Database) -> None:
    from sqlalchemy.exc import OperationalError

    async with db.read_session() as session:
        with pytest.raises(OperationalError, match="readonly"):
            await session.execute(text("INSERT INTO test_bus_effects VALUES ('t', 'x')"))


async def test_crash_mid_handler_leaves_the_delivery_for_the_next_process(db: Database) -> None:
    crashing = Recorder(hang=asyncio.Event())
    first = await start(db, crashing)
    envelope = Envelope.wrap(UserDeleted(user_id="crash"))
    await first.publish([envelope])
    await asyncio.wait_for(crashing.started.wait(), 10)
    await first.stop()  # cancels the handler mid-transaction
    assert await effects(db, envelope.id) == 0
    assert await count(db, Delivery) == 1

    healthy = Recorder()
    second = await start(db, healthy)
    try:
        await eventually(lambda: _is(effects(db, envelope.id), 1))
        await eventually(lambda: _is(count(db, Delivery), 0))
    finally:
        await second.stop()


async def test_always_failing_handler_is_dead_lettered(db: Database) -> None:
    recorder = Recorder(fail=True)
    broker = await start(db, recorder, retries=2)
    try:
        await broker.publish([Envelope.wrap(UserDeleted(user_id="poison"))])
        await eventually(lambda: _is(count(db, DeadLetter), 1))
        assert recorder.calls == 3
        assert await count(db, Delivery) == 0
    finally:
        await broker.stop()


async def test_a_retry_runs_when_due_without_waiting_for_the_periodic_read(db: Database) -> None:
    """The consumer reads the table an hour apart here: a failed delivery still comes back
    after its back-off, every time, because this process knows when it falls due."""
    recorder = Recorder(fail=True)
    broker = InProcessBroker(db, max_retries=2, retry_base_seconds=0.02, poll_seconds=3600)
    sub = Subscription("testsvc", {UserDeleted.TYPE: recorder})
    try:
        await broker.start([sub])
        await broker.consume(sub)
        await broker.publish([Envelope.wrap(UserDeleted(user_id="retried"))])
        await eventually(lambda: _is(count(db, DeadLetter), 1), timeout=5)
        assert recorder.calls == 3
    finally:
        await broker.stop()


async def test_redelivered_message_is_applied_once(db: Database) -> None:
    recorder = Recorder()
    broker = await start(db, recorder)
    try:
        envelope = Envelope.wrap(UserDeleted(user_id="twice"))
        await broker.publish([envelope, envelope])
        await broker.publish([envelope])
        await eventually(lambda: _is(count(db, Delivery), 0))
        assert await effects(db, envelope.id) == 1
    finally:
        await broker.stop()


async def test_a_commit_hands_its_deliveries_over_without_a_read(db: Database) -> None:
    """The consumer reads the table when it starts, then only every `poll_seconds` (an
    hour here): each message still runs at once, one after another too, although SQLite
    gives a new delivery row the key of the one just deleted."""
    reads: list[str] = []

    def count_reads(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().startswith("SELECT") and "deliveries.consumer =" in statement:
            reads.append(statement)

    event.listen(Engine, "before_cursor_execute", count_reads)
    recorder = Recorder()
    broker = InProcessBroker(db, max_retries=2, retry_base_seconds=0.02, poll_seconds=3600)
    sub = Subscription("testsvc", {UserDeleted.TYPE: recorder})
    try:
        await broker.start([sub])
        await broker.consume(sub)
        await eventually(lambda: _is(_count(reads), 1))  # the read at start
        reads.clear()
        keys = []
        for n in range(5):
            async with db.transaction() as session:
                sent = publish(session, UserDeleted(user_id=f"one-after-another-{n}"))
                await session.flush()
                keys.append((await session.execute(select(Delivery.seq))).scalar_one())
            await eventually(lambda sent=sent: _is(effects(db, sent.id), 1), timeout=5)
        assert len(set(keys)) < len(keys)  # a key came back: the case that must not stall
        assert reads == []
        assert recorder.calls == 5
    finally:
        event.remove(Engine, "before_cursor_execute", count_reads)
        await broker.stop()


async def test_a_delivery_given_the_key_of_one_still_ending_runs_at_once(db: Database) -> None:
    """A delivery's removal commits before its task ends (its after-commit actions run in
    between). A message published meanwhile may get the same key from SQLite: it is
    another delivery, and runs at once (with reads an hour apart, it would wait that long
    if it were taken for the one still ending)."""
    second_done = asyncio.Event()
    keys: list[int] = []

    async def handler(ctx: MessageContext) -> None:
        if ctx.envelope.payload["user_id"] != "first":
            second_done.set()
            return

        async def publish_the_second() -> None:
            async with db.transaction() as session:
                publish(session, UserDeleted(user_id="second"))
                await session.flush()
                keys.append((await session.execute(select(Delivery.seq))).scalar_one())
            await asyncio.wait_for(second_done.wait(), 5)

        ctx.after_commit(publish_the_second)

    broker = InProcessBroker(db, max_retries=2, retry_base_seconds=0.02, poll_seconds=3600)
    sub = Subscription("testsvc", {UserDeleted.TYPE: handler})
    await broker.start([sub])
    await broker.consume(sub)
    try:
        async with db.transaction() as session:
            publish(session, UserDeleted(user_id="first"))
            await session.flush()
            keys.append((await session.execute(select(Delivery.seq))).scalar_one())
        await asyncio.wait_for(second_done.wait(), 10)
        assert keys[0] == keys[1]  # the case this is about: the key came back
    finally:
        await broker.stop()


async def _count(items: list[str]) -> int:
    return len(items)


async def test_a_message_rolled_back_to_a_savepoint_is_never_applied(db: Database) -> None:
    """Deliveries written before a savepoint that rolls back are read from the table;
    the ones it undid never run, although they were flushed (and given keys)."""
    recorder = Recorder()
    broker = InProcessBroker(db, max_retries=2, retry_base_seconds=0.02, poll_seconds=3600)
    sub = Subscription("testsvc", {UserDeleted.TYPE: recorder})
    await broker.start([sub])
    await broker.consume(sub)
    try:
        async with db.transaction() as session:
            kept = publish(session, UserDeleted(user_id="kept"))
            await session.flush()
            savepoint = await session.begin_nested()
            lost = publish(session, UserDeleted(user_id="undone"))
            await session.flush()
            await savepoint.rollback()
        await eventually(lambda: _is(effects(db, kept.id), 1), timeout=5)
        await asyncio.sleep(0.3)
        assert await effects(db, lost.id) == 0
        assert recorder.calls == 1
    finally:
        await broker.stop()


async def test_the_fan_out_writes_past_the_unit_of_work(db: Database) -> None:
    """Events published in a transaction become their outbox rows (already published) and
    deliveries as plain INSERTs at the flush: the ORM flushes none of them, and the
    consumer gets each one handed over."""
    flushed: list[object] = []

    def count_flushed(_mapper: Any, _connection: Any, target: object) -> None:
        flushed.append(target)

    event.listen(OutboxMessage, "before_insert", count_flushed)
    event.listen(Delivery, "before_insert", count_flushed)
    recorder = Recorder()
    broker = InProcessBroker(db, max_retries=2, retry_base_seconds=0.02, poll_seconds=3600)
    sub = Subscription("testsvc", {UserDeleted.TYPE: recorder})
    await broker.start([sub])
    await broker.consume(sub)
    try:
        async with db.transaction() as session:
            sent = [publish(session, UserDeleted(user_id=f"plain-{n}")) for n in range(3)]
        for envelope in sent:
            await eventually(lambda e=envelope: _is(effects(db, e.id), 1), timeout=5)
        async with db.read_session() as session:
            published = await session.execute(
                select(OutboxMessage.message_id, OutboxMessage.published_at)
            )
            rows = {message_id: at for message_id, at in published}
        assert set(rows) == {e.id for e in sent}
        assert all(at is not None for at in rows.values())
        assert flushed == []
    finally:
        event.remove(OutboxMessage, "before_insert", count_flushed)
        event.remove(Delivery, "before_insert", count_flushed)
        await broker.stop()


async def test_a_relayed_message_reads_published_to_its_consumers(db: Database) -> None:
    """A row another process wrote (`ecoeco users reapply-erasures`) reaches consumers
    through the relay; when a handler runs, its outbox row already reads as published.
    The users service's erasure relies on it: it keeps unpublished user.deleted rows."""
    seen: list[object] = []

    async def handler(ctx: MessageContext) -> None:
        row = await ctx.session.execute(
            select(OutboxMessage.published_at).where(OutboxMessage.message_id == ctx.envelope.id)
        )
        seen.append(row.scalar_one())

    broker = InProcessBroker(db, poll_seconds=0.02)
    sub = Subscription("testsvc", {UserDeleted.TYPE: handler})
    await broker.start([sub])
    await broker.consume(sub)
    other = Database(db.url)  # another process's connection: no broker behind it
    await other.start()
    try:
        async with other.transaction() as session:
            publish(session, UserDeleted(user_id="from-the-cli"))
        relay = OutboxRelay(db, broker, service="test")
        assert await relay.drain() == 1

        async def handled() -> bool:
            return len(seen) == 1

        await eventually(handled)
        assert seen[0] is not None, "the consumer ran before the relay's mark committed"
    finally:
        await other.stop()
        await broker.stop()
