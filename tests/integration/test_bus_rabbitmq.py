"""The bus's promises against real RabbitMQ and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import contextmanager
from typing import Any

import aio_pika
import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import Envelope, MessageContext, Subscription, publish
from ecoeco.core.bus.models import InboxRecord
from ecoeco.core.bus.rabbitmq import (
    ATTEMPT_HEADER,
    RabbitBroker,
    dead_letter_queue,
    retry_queue,
)
from ecoeco.core.bus.relay import OutboxRelay
from ecoeco.core.db import Database
from tests.broker_cleanup import delete_topology
from tests.conftest import eventually, truncate_all
from tests.integration.bus_support import Recorder, create_effects_table, effects
from tests.servers import AMQP_URL, need

pytestmark = [pytest.mark.rabbitmq, pytest.mark.postgres]


@pytest.fixture
async def db(postgres_url: str) -> AsyncIterator[Database]:
    need("postgres", "rabbitmq")
    database = Database(postgres_url)
    await database.start()
    await create_effects_table(database)
    yield database
    await database.stop()
    await truncate_all(postgres_url)  # the session's database is shared: leave no rows


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    value = f"test.{uuid.uuid4().hex[:10]}."
    yield value
    await delete_topology(value, extra_consumers=("testsvc",))


@pytest.fixture
async def consuming(db: Database, prefix: str) -> AsyncIterator[tuple[RabbitBroker, Recorder]]:
    """A broker consuming the test queue with a recorder, stopped afterwards."""
    broker, recorder = make_broker(db, prefix), Recorder()
    await start(broker, recorder)
    yield broker, recorder
    await broker.stop()


@contextmanager
def statements_on(db: Database, table: str, kind: str = "") -> Iterator[list[str]]:
    """The statements naming `table` (of `kind`: SELECT, say) this process sends while the
    block runs."""
    reads: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith(kind) and table in statement:
            reads.append(statement.strip())

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield reads
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)


def make_broker(db: Database, prefix: str, retries: int = 2) -> RabbitBroker:
    return RabbitBroker(AMQP_URL, db, max_retries=retries, retry_base_seconds=0.05, prefix=prefix)


async def start(broker: RabbitBroker, recorder: Recorder) -> Subscription:
    sub = Subscription("testsvc", {UserDeleted.TYPE: recorder}, concurrency=2)
    await broker.start([sub])
    await broker.consume(sub)
    return sub


async def queue_depth(name: str) -> int:
    connection = await aio_pika.connect(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(name, passive=True)
        count = queue.declaration_result.message_count
        return int(count or 0)


async def test_rolled_back_message_is_never_delivered(db: Database, prefix: str) -> None:
    broker, recorder = make_broker(db, prefix), Recorder()
    await start(broker, recorder)
    relay = OutboxRelay(db, broker, service="test")
    try:
        async with db.session() as session:
            lost = publish(session, UserDeleted(user_id="rolled-back"))
            await session.rollback()
        async with db.transaction() as session:
            kept = publish(session, UserDeleted(user_id="committed"))
        await relay.drain()
        await eventually(lambda: _is(effects(db, kept.id), 1))
        await asyncio.sleep(0.3)
        assert await effects(db, lost.id) == 0
        assert recorder.calls == 1
    finally:
        await broker.stop()


async def test_a_drain_is_one_transaction_when_the_batch_is_not_full(
    db: Database, consuming: tuple[RabbitBroker, Recorder]
) -> None:
    relay = OutboxRelay(db, consuming[0], service="test", batch_size=3)
    async with db.transaction() as session:
        sent = [publish(session, UserDeleted(user_id=f"drained-{n}")) for n in range(5)]
    with statements_on(db, "outbox") as statements:
        assert await relay.drain() == 5
    # a full batch of 3, then the last 2: no third, empty look; each batch is claimed and
    # marked in one statement (it was a SELECT, then an UPDATE)
    assert [s.split()[0] for s in statements] == ["UPDATE", "UPDATE"]
    await eventually(lambda: _all_applied(db, [e.id for e in sent]))


async def test_a_first_delivery_skips_the_inbox_read_and_a_duplicate_still_applies_once(
    db: Database, consuming: tuple[RabbitBroker, Recorder]
) -> None:
    broker, recorder = consuming
    envelope = Envelope.wrap(UserDeleted(user_id="first-delivery"))
    with statements_on(db, "inbox", "SELECT") as inbox_reads:
        await broker.publish([envelope])
        await eventually(lambda: _is(effects(db, envelope.id), 1))
    assert inbox_reads == []
    await broker.publish([envelope])  # the relay published it twice
    await eventually(lambda: _is_int(recorder.calls, 2))
    await asyncio.sleep(0.3)
    assert await effects(db, envelope.id) == 1  # the second run rolled back at commit


async def test_a_handler_that_uses_no_database_records_its_message_without_a_transaction(
    db: Database, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    async def looks_only(ctx: MessageContext) -> None:  # decides from the message alone
        calls.append(ctx.envelope.id)

    begun: list[object] = []
    start_transaction: Any = AsyncAdapt_asyncpg_connection._start_transaction

    async def counted(self: AsyncAdapt_asyncpg_connection) -> None:
        if self.isolation_level != "autocommit":  # a BEGIN goes to the server
            begun.append(self)
        await start_transaction(self)

    broker = make_broker(db, prefix)
    sub = Subscription("testsvc", {UserDeleted.TYPE: looks_only}, concurrency=2)
    await broker.start([sub])
    await broker.consume(sub)
    try:
        envelope = Envelope.wrap(UserDeleted(user_id="no-database"))
        monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "_start_transaction", counted)
        await broker.publish([envelope])
        await eventually(lambda: broker.is_applied("testsvc", envelope.id))
        assert begun == []  # the inbox row alone, autocommitted: no BEGIN, no COMMIT
        await broker.publish([envelope])  # published twice: the inbox key refuses it
        await eventually(lambda: _is_int(len(calls), 2))
        await asyncio.sleep(0.3)
        async with db.transaction() as session:  # its connection went back transactional
            await session.execute(text("SELECT 1"))
        assert begun
        monkeypatch.undo()
        assert await _inbox_rows(db, envelope.id) == 1
    finally:
        await broker.stop()


async def _inbox_rows(db: Database, message_id: str) -> int:
    async with db.read_session() as session:
        found = await session.scalar(
            select(func.count())
            .select_from(InboxRecord)
            .where(InboxRecord.message_id == message_id)
        )
    return int(found or 0)


async def test_consumer_that_crashes_before_ack_gets_the_message_again(
    db: Database, prefix: str
) -> None:
    first, crashing = make_broker(db, prefix), Recorder(hang=asyncio.Event())
    await start(first, crashing)
    envelope = Envelope.wrap(UserDeleted(user_id="crash"))
    await first.publish([envelope])
    await asyncio.wait_for(crashing.started.wait(), 10)
    await first.stop()  # the process "dies": connection gone, nothing acked or committed
    assert await effects(db, envelope.id) == 0

    second, healthy = make_broker(db, prefix), Recorder()
    await start(second, healthy)
    try:
        await eventually(lambda: _is(effects(db, envelope.id), 1))
        assert healthy.calls == 1
    finally:
        await second.stop()


async def test_always_failing_handler_ends_in_dead_letter_queue(db: Database, prefix: str) -> None:
    broker, recorder = make_broker(db, prefix, retries=2), Recorder(fail=True)
    sub = await start(broker, recorder)
    try:
        envelope = Envelope.wrap(UserDeleted(user_id="poison"))
        await broker.publish([envelope])
        dlq = dead_letter_queue(broker.queue_name(sub))
        await eventually(lambda: _is(queue_depth(dlq), 1), timeout=15)
        assert recorder.calls == 3  # the first attempt and two retries
        assert await effects(db, envelope.id) == 0
    finally:
        await broker.stop()


async def test_redelivered_message_is_applied_once(db: Database, prefix: str) -> None:
    broker, recorder = make_broker(db, prefix), Recorder()
    await start(broker, recorder)
    try:
        envelope = Envelope.wrap(UserDeleted(user_id="twice"))
        await broker.publish([envelope, envelope])
        await broker.publish([envelope])
        await eventually(lambda: _is(effects(db, envelope.id), 1))
        await asyncio.sleep(0.5)
        assert await effects(db, envelope.id) == 1
    finally:
        await broker.stop()


async def test_a_short_backoff_never_waits_behind_a_longer_one(db: Database, prefix: str) -> None:
    # Back-off steps of 1, 2, 4 and 8 s. A message in its 8 s step is queued first, then one
    # in its 1 s step: the second must come back after about 1 s, not after the first's 8 s.
    broker = RabbitBroker(AMQP_URL, db, max_retries=4, retry_base_seconds=1.0, prefix=prefix)
    arrivals: list[tuple[str, float]] = []
    loop = asyncio.get_running_loop()

    async def record(ctx: MessageContext) -> None:
        arrivals.append((ctx.envelope.id, loop.time()))

    sub = Subscription("testsvc", {UserDeleted.TYPE: record}, concurrency=2)
    await broker.start([sub])
    await broker.consume(sub)
    queue = broker.queue_name(sub)
    long_wait = Envelope.wrap(UserDeleted(user_id="long"))
    short_wait = Envelope.wrap(UserDeleted(user_id="short"))
    try:
        connection = await aio_pika.connect(AMQP_URL)
        async with connection:
            channel = await connection.channel()
            started = loop.time()
            for envelope, attempt, delay_ms in ((long_wait, 4, 8000), (short_wait, 1, 1000)):
                message = aio_pika.Message(
                    body=envelope.to_bytes(),
                    message_id=envelope.id,
                    headers={ATTEMPT_HEADER: attempt},
                )
                await channel.default_exchange.publish(
                    message, routing_key=retry_queue(queue, delay_ms)
                )
        await eventually(lambda: _has_arrived(arrivals, short_wait.id), timeout=6)
        waited = dict(arrivals)[short_wait.id] - started
        assert 0.9 <= waited < 6, f"the 1 s back-off took {waited:.1f} s"
        assert long_wait.id not in dict(arrivals)  # still in its own 8 s step
    finally:
        await broker.stop()


async def _has_arrived(arrivals: list[tuple[str, float]], message_id: str) -> bool:
    return any(found == message_id for found, _ in arrivals)


async def _all_applied(db: Database, ids: list[str]) -> bool:
    return all([await effects(db, message_id) == 1 for message_id in ids])


async def _is_int(value: int, expected: int) -> bool:
    return value == expected


async def _is(value: Awaitable[int], expected: int) -> bool:
    return await value == expected


async def test_the_consumers_connection_gathers_its_writes_and_still_acknowledges(
    db: Database, prefix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Acknowledgements leave through a transport that sends what a pass of the loop wrote
    at once (`ecoeco.core.bus.gathered`); every message is still applied and acknowledged."""
    from ecoeco.core.bus import gathered

    made: list[gathered.GatheredTransport] = []
    create = gathered.GatheredTransport.__init__

    def record(self: gathered.GatheredTransport, *args: Any) -> None:
        create(self, *args)
        made.append(self)

    monkeypatch.setattr(gathered.GatheredTransport, "__init__", record)
    broker, recorder = make_broker(db, prefix), Recorder()
    sub = await start(broker, recorder)
    stopped = False
    try:
        assert len(made) == 1  # the consumers' connection (the relay's opens on first use)
        for n in range(6):
            async with db.transaction() as session:
                publish(session, UserDeleted(user_id=f"u{n}"))
        await OutboxRelay(db, broker, service="test").drain()
        assert len(made) == 2  # the relay's publisher

        async def applied() -> bool:
            return recorder.calls >= 6

        await eventually(applied)
        sends = made[0].sends
        await broker.stop()
        stopped = True
        assert sends >= 1
        assert await queue_depth(broker.queue_name(sub)) == 0  # all acknowledged
    finally:
        if not stopped:
            await broker.stop()
