"""Helpers of the users tests: find any trace of a person in tables and queues."""

from __future__ import annotations

import aio_pika
from redis.asyncio import Redis
from sqlalchemy import select

from ecoeco.composition import registry
from ecoeco.core.bus.rabbitmq import dead_letter_queue
from ecoeco.core.container import Container
from ecoeco.core.db.base import Base
from ecoeco.core.settings import CoreSettings
from tests.broker_cleanup import retry_queues


async def traces(container: Container, needles: list[str], schemas: set[str]) -> list[str]:
    """`schema.table` of every row in those schemas with a value containing a needle."""
    found: list[str] = []
    async with container.db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.schema not in schemas:
                continue
            for row in (await session.execute(select(table))).all():
                text = " ".join(str(value) for value in row)
                if any(needle in text for needle in needles):
                    found.append(f"{table.schema}.{table.name}")
    return found


async def queued_traces(settings: CoreSettings, needles: list[str]) -> list[str]:
    """The RabbitMQ queues (of this app's prefix) holding a message containing a needle.

    Each waiting message is read without acknowledging it and goes back to its queue
    when the channel closes; an embedded app (no RabbitMQ) has none.
    """
    if not settings.amqp_url:
        return []
    consumers = [s.consumer for m in registry() if (s := m.topology()) is not None]
    names = []
    for consumer in consumers:
        queue = f"{settings.amqp_prefix}ecoeco.{consumer}"
        names += [queue, *retry_queues(queue), dead_letter_queue(queue)]
    found: list[str] = []
    connection = await aio_pika.connect(settings.amqp_url, timeout=10)
    async with connection:
        for name in names:
            channel = await connection.channel()
            try:
                queue = await channel.declare_queue(name, passive=True)
            except aio_pika.exceptions.ChannelClosed:
                continue  # not declared with this back-off base
            while (message := await queue.get(no_ack=False, fail=False)) is not None:
                body = message.body.decode(errors="replace")
                if any(needle in body for needle in needles):
                    found.append(name)
            await channel.close()  # every message read goes back
    return found


async def cached_traces(settings: CoreSettings, needles: list[str]) -> list[str]:
    """Redis keys of this app's namespace whose name or text value holds a needle, but
    the erased marker (kept for its two hours on purpose); an embedded app has none."""
    if not settings.redis_url:
        return []
    found: list[str] = []
    client = Redis.from_url(settings.redis_url)
    try:
        async for raw in client.scan_iter(match=f"{settings.redis_namespace}*", count=500):
            name = raw.decode(errors="replace")
            if name.startswith(settings.redis_namespace + "users:erased:"):
                continue
            value = await client.get(raw) if await client.type(raw) == b"string" else b""
            text = name + (value or b"").decode(errors="replace")
            if any(needle in text for needle in needles):
                found.append(name)
    finally:
        await client.aclose()
    return found
