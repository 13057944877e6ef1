"""Account deletion reaches the copies the bus keeps, on both backends: outbox rows (a
previous release's registration with the e-mail and nickname among them), dead letters
in the table and in RabbitMQ's dead-letter queues. What is left still parses."""

from __future__ import annotations

import aio_pika
import orjson
from sqlalchemy import select

from ecoeco.contracts.events import EVENT_TYPES, ScanCompleted, ScanRequested
from ecoeco.core.bus.apply import already_applied
from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.models import DeadLetter, OutboxMessage
from ecoeco.core.bus.rabbitmq import dead_letter_queue
from ecoeco.core.bus.redaction import is_redacted
from ecoeco.core.db import new_id, utcnow
from ecoeco.core.db.session import OUTBOX_PENDING
from ecoeco.core.security.tokens import mark_erased
from tests.conftest import AppFactory, RunningApp, eventually
from tests.e2e.auth.helpers import auth_settings, bearer, dev_login, publish_event
from tests.e2e.users.helpers import queued_traces, traces

EMAIL, NICKNAME = "erased@example.com", "지워질사람"


def _completed(user_id: str) -> ScanCompleted:
    return ScanCompleted(
        scan_id=new_id(),
        user_id=user_id,
        item="우유팩",
        category="paper_pack",
        recyclable=True,
        confirmed=False,
    )


async def _previous_release_registration(running: RunningApp, user_id: str) -> None:
    """`auth.user_registered` as version 1 wrote it: with the e-mail and nickname."""
    payload = {"user_id": user_id, "provider": "dev", "email": EMAIL, "nickname": NICKNAME}
    async with running.container.db.transaction() as session:
        session.add(
            OutboxMessage(
                message_id=new_id(),
                type="auth.user_registered",
                version=1,
                payload=payload,
                created_at=utcnow(),
            )
        )
        session.info[OUTBOX_PENDING] = True


async def _dead_letters(running: RunningApp, user_id: str) -> None:
    """A dead letter about the person in the table, and one in a RabbitMQ dead-letter queue."""
    body = Envelope.wrap(_completed(user_id)).to_bytes()
    async with running.container.db.transaction() as session:
        session.add(
            DeadLetter(consumer="users", message_id=new_id(), body=body.decode(), error="boom")
        )
    settings = running.container.settings
    if settings.amqp_url:
        connection = await aio_pika.connect(settings.amqp_url)
        async with connection:
            channel = await connection.channel()
            queue = dead_letter_queue(f"{settings.amqp_prefix}ecoeco.character")
            await channel.default_exchange.publish(aio_pika.Message(body), routing_key=queue)


async def test_deletion_redacts_outbox_dead_letters_and_queues(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client = running.client
        tokens = await dev_login(client, EMAIL, NICKNAME)
        other = await dev_login(client, "stays@example.com", "남는사람")
        me = (await client.get("/api/v1/users/me", headers=bearer(tokens["access_token"]))).json()
        them = (await client.get("/api/v1/users/me", headers=bearer(other["access_token"]))).json()
        victim, bystander = me["user_id"], them["user_id"]
        await _previous_release_registration(running, victim)
        for user_id in (victim, bystander):
            hint = ScanRequested(scan_id=new_id(), user_id=user_id, hint="우리 집 앞 헌옷")
            await publish_event(running.container, hint)
        await _dead_letters(running, victim)
        needles = [victim, EMAIL, NICKNAME]
        assert "bus.outbox" in await traces(running.container, needles, {"bus"})
        if running.container.settings.amqp_url:
            assert await queued_traces(running.container.settings, needles)

        deleted = await client.delete("/api/v1/users/me", headers=bearer(tokens["access_token"]))
        assert deleted.status_code == 204

        async def bus_forgot() -> bool:
            left = await traces(running.container, needles, {"bus"})
            queued = await queued_traces(running.container.settings, needles)
            return not left and not queued

        await eventually(bus_forgot, timeout=20)
        async with running.container.db.session() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
            dead = (await session.execute(select(DeadLetter.body))).scalars().all()
        redacted = [r for r in rows if is_redacted(r.payload)]
        assert {r.type for r in redacted} >= {"auth.user_registered", "scan.requested"}
        for row in rows:  # every copy still reads as its event
            EVENT_TYPES[row.type].model_validate(row.payload)
        assert any(
            r.payload.get("user_id") == bystander for r in rows if not is_redacted(r.payload)
        )
        for body in dead:
            envelope = Envelope.from_bytes(body.encode())
            EVENT_TYPES[envelope.type].model_validate(envelope.payload)
        assert all(orjson.loads(b)["payload"].get("_redacted") for b in dead)


async def test_a_scan_in_flight_for_an_erased_person_publishes_nothing(
    app_factory: AppFactory,
) -> None:
    async with app_factory() as running:
        container, user_id = running.container, new_id()
        await mark_erased(container.cache, user_id)
        requested = ScanRequested(scan_id=new_id(), user_id=user_id, hint="페트병")
        await publish_event(container, requested)
        async with container.db.session() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
        (message_id,) = [r.message_id for r in rows if r.payload.get("user_id") == user_id]

        async def consumed() -> bool:
            return await already_applied(container.db, "ai", message_id)

        await eventually(consumed)
        async with container.db.session() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
        assert [r.type for r in rows if r.payload.get("user_id") == user_id] == ["scan.requested"]
