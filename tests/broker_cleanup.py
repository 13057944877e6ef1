"""Delete the RabbitMQ queues and exchange a test created under its unique prefix."""

from __future__ import annotations

import aio_pika

from ecoeco.composition import registry
from ecoeco.core.bus.rabbitmq import EXCHANGE, dead_letter_queue, retry_queue
from tests.servers import AMQP_URL


async def delete_topology(prefix: str, extra_consumers: tuple[str, ...] = ()) -> None:
    """Remove every queue a process with this prefix declares, so runs leave nothing behind."""
    consumers = [s.consumer for m in registry() if (s := m.subscription()) is not None]
    names = []
    for consumer in (*consumers, *extra_consumers):
        queue = f"{prefix}ecoeco.{consumer}"
        names += [queue, retry_queue(queue), dead_letter_queue(queue)]
    connection = await aio_pika.connect(AMQP_URL, timeout=10)
    async with connection:
        channel = await connection.channel()
        for name in names:
            await channel.queue_delete(name)
        await channel.exchange_delete(f"{prefix}{EXCHANGE}")
