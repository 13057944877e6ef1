"""The bus's promises against real RabbitMQ and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable

import aio_pika
import pytest

from ecoeco.core.bus import Envelope, Subscription, publish
from ecoeco.core.bus.rabbitmq import RabbitBroker, dead_letter_queue
from ecoeco.core.bus.relay import OutboxRelay
from ecoeco.core.contracts import UserDeleted
from ecoeco.core.db import Database
from tests.broker_cleanup import delete_topology
from tests.conftest import eventually
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


@pytest.fixture
async def prefix() -> AsyncIterator[str]:
    value = f"test.{uuid.uuid4().hex[:10]}."
    yield value
    await delete_topology(value, extra_consumers=("testsvc",))


def make_broker(db: Database, prefix: str, retries: int = 2) -> RabbitBroker:
    return RabbitBroker(
        AMQP_URL, db, container=None, max_retries=retries, retry_base_seconds=0.05, prefix=prefix
    )


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


async def _is(value: Awaitable[int], expected: int) -> bool:
    return await value == expected
