"""Erasure reaches the copies the bus keeps: outbox rows, waiting deliveries, dead letters,
retry and dead-letter queues; redacted copies still parse and are never acted on."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import aio_pika
import orjson
import pytest
from sqlalchemy import select

from ecoeco.contracts.events import (
    EVENT_TYPES,
    CharacterGranted,
    Event,
    ScanCompleted,
    ScanRequested,
    UserDeleted,
)
from ecoeco.core.bus import Envelope, Subscription, publish
from ecoeco.core.bus.apply import already_applied, apply_once
from ecoeco.core.bus.inprocess import InProcessBroker
from ecoeco.core.bus.models import DeadLetter, Delivery, OutboxMessage
from ecoeco.core.bus.rabbitmq import RabbitBroker, dead_letter_queue, retry_queue
from ecoeco.core.bus.redaction import (
    REDACTED,
    is_redacted,
    redact_envelope_json,
    redact_outbox_rows,
    redact_payload,
    redact_stored_messages,
)
from ecoeco.core.db import Database, utcnow
from tests.broker_cleanup import delete_topology
from tests.conftest import truncate_all
from tests.integration.bus_support import Recorder, create_effects_table, effects
from tests.servers import AMQP_URL, need

ALICE, BOB = "alice0000000000000000000aa", "bob00000000000000000000000b"


def shape_of(event_type: str) -> type[Event] | None:
    return EVENT_TYPES.get(event_type)


def about(user_id: str) -> list[Event]:
    return [
        ScanRequested(
            scan_id="s-" + user_id[:5],
            user_id=user_id,
            image_key=f"users/{user_id}/images/x/normalized.jpg",
            hint="우리 집 앞 헌옷",
        ),
        ScanCompleted(
            scan_id="s-" + user_id[:5],
            user_id=user_id,
            item="우유팩",
            category="paper_pack",
            recyclable=True,
            confirmed=True,
        ),
        CharacterGranted(user_id=user_id, code="pack", scan_id="s-1", points=5),
    ]


@pytest.mark.parametrize("event", about(ALICE), ids=lambda e: e.TYPE)
def test_a_redacted_payload_names_nobody_and_still_parses(event: Event) -> None:
    payload = event.model_dump(mode="json")
    redacted = redact_payload(payload, type(event), [ALICE])
    assert ALICE not in orjson.dumps(redacted).decode()
    assert is_redacted(redacted)
    parsed = type(event).model_validate(redacted)
    assert getattr(parsed, "user_id") == REDACTED  # noqa: B009
    assert Envelope(type=event.TYPE, payload=redacted).open(type(event)) == parsed


@pytest.fixture
async def db(postgres_url: str) -> AsyncIterator[Database]:
    need("postgres")
    database = Database(postgres_url)
    await database.start()
    await create_effects_table(database)
    yield database
    await database.stop()
    await truncate_all(postgres_url)  # nothing of ours may reach another test's relay


async def test_a_redacted_message_is_acknowledged_without_running_its_handler(
    db: Database,
) -> None:
    recorder = Recorder()
    event = about(ALICE)[1]
    envelope = Envelope(
        type=event.TYPE, payload=redact_payload(event.model_dump(mode="json"), type(event), [ALICE])
    )
    assert await apply_once(db, "erasure-test", recorder, envelope) is True
    assert recorder.calls == 0
    assert await effects(db, envelope.id) == 0
    assert await already_applied(db, "erasure-test", envelope.id)


def _bodies(events: list[Event]) -> list[str]:
    return [Envelope.wrap(e).to_bytes().decode() for e in events]


async def test_the_embedded_queues_and_the_outbox_are_redacted(db: Database) -> None:
    mine = [*about(ALICE), UserDeleted(user_id=ALICE)]
    theirs = about(BOB)
    async with db.transaction() as session:
        for event in [*mine, *theirs]:
            publish(session, event)
        for body in _bodies([*mine, *theirs]):
            message_id = orjson.loads(body)["id"]
            session.add(Delivery(consumer="users", message_id=message_id, body=body))
            session.add(DeadLetter(consumer="chat", message_id=message_id, body=body, error="x"))
    async with db.transaction() as session:  # the relay handed every row over
        for row in (await session.execute(select(OutboxMessage))).scalars():
            row.published_at = utcnow()
    # What the users service does on user.deleted, in the handler's transaction.
    keep = [UserDeleted.TYPE]
    async with db.transaction() as session:
        outbox = await redact_outbox_rows(session, shape_of, ALICE, keep=keep)
        queued = await redact_stored_messages(session, shape_of, ALICE, keep=keep)
    # The outbox keeps nothing of her, the erasure included (it was handed over already);
    # the queues keep the erasure (consumers still need it) and nothing else of hers.
    assert (outbox, queued) == (4, 6)
    # The embedded broker's own pass finds nothing left to rewrite.
    parked = await InProcessBroker(db).rewrite_parked(
        lambda body: redact_envelope_json(body, shape_of, [ALICE], keep=keep)
    )
    assert parked == 0
    async with db.session() as session:
        outbox = (await session.execute(select(OutboxMessage))).scalars().all()
        queued = [
            *(await session.execute(select(Delivery.body))).scalars(),
            *(await session.execute(select(DeadLetter.body))).scalars(),
        ]
    for row in outbox:
        if row.payload.get("user_id") == BOB:
            assert not is_redacted(row.payload)
        else:
            assert ALICE not in orjson.dumps(row.payload).decode()
            shape = shape_of(row.type)
            assert shape is not None
            shape.model_validate(row.payload)
    leftovers = [b for b in queued if ALICE in b]
    assert len(leftovers) == 2
    assert all(orjson.loads(b)["type"] == UserDeleted.TYPE for b in leftovers)
    assert sum(BOB in b for b in queued) == 6


async def test_the_erasure_waits_for_a_relay_still_marking_its_own_row(db: Database) -> None:
    """The consumer can get `user.deleted` before the relay that sent it commits the row
    as published; the redaction then waits for that commit instead of keeping the row
    (and the person's id in it) as if it had never been sent."""
    async with db.transaction() as session:
        publish(session, UserDeleted(user_id=ALICE))
    relay_locked, relay_may_commit = asyncio.Event(), asyncio.Event()

    async def relay() -> None:  # what OutboxRelay.run_once does on PostgreSQL
        async with db.transaction() as session:
            unsent = select(OutboxMessage).where(OutboxMessage.published_at.is_(None))
            rows = (await session.execute(unsent.with_for_update(skip_locked=True))).scalars()
            (row,) = rows.all()
            relay_locked.set()
            await relay_may_commit.wait()  # the broker confirms; the consumer is running
            row.published_at = utcnow()

    sending = asyncio.create_task(relay())
    await relay_locked.wait()

    async def erase() -> int:  # what the users service does on `user.deleted`
        async with db.transaction() as session:
            return await redact_outbox_rows(session, shape_of, ALICE, keep=[UserDeleted.TYPE])

    erasing = asyncio.create_task(erase())
    try:
        await asyncio.sleep(0.3)
        assert not erasing.done(), "the redaction read the row while the relay held it"
    finally:
        relay_may_commit.set()
        await sending
    assert await erasing == 1
    async with db.session() as session:
        (row,) = (await session.execute(select(OutboxMessage))).scalars().all()
    assert row.published_at is not None
    assert ALICE not in orjson.dumps(row.payload).decode()


async def test_retry_and_dead_letter_queues_are_redacted(db: Database) -> None:
    need("rabbitmq")
    prefix = f"test.{uuid.uuid4().hex[:10]}."
    broker = RabbitBroker(AMQP_URL, db, prefix=prefix)
    sub = Subscription("erasure", {ScanCompleted.TYPE: Recorder()})
    await broker.start([sub])
    name = broker.queue_name(sub)
    retry = retry_queue(name, broker.retry_delays[-1])  # the longest back-off step (8 s)
    events = [about(BOB)[0], about(ALICE)[1], UserDeleted(user_id=ALICE), about(ALICE)[2]]
    try:
        connection = await aio_pika.connect(AMQP_URL)
        async with connection:
            channel = await connection.channel()
            for queue in (dead_letter_queue(name), retry):
                for body in _bodies(events):
                    message = aio_pika.Message(body.encode())
                    await channel.default_exchange.publish(message, routing_key=queue)
            changed = await broker.rewrite_parked(
                lambda body: redact_envelope_json(body, shape_of, [ALICE], keep=[UserDeleted.TYPE])
            )
            assert changed == 4
            for queue_name in (dead_letter_queue(name), retry):
                queue = await channel.declare_queue(queue_name, passive=True)
                bodies = []
                while (message := await queue.get(no_ack=True, fail=False)) is not None:
                    bodies.append(message.body.decode())
                types = [orjson.loads(b)["type"] for b in bodies]
                assert sorted(types) == sorted(e.TYPE for e in events)
                assert [ALICE in b for b in bodies].count(True) == 1  # the erasure itself
                assert any(BOB in b for b in bodies)
    finally:
        await broker.stop()
        await delete_topology(prefix, extra_consumers=("erasure",))
