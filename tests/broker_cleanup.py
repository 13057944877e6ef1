"""Delete the RabbitMQ queues and exchange a test created under its unique prefix."""

from __future__ import annotations

import aio_pika

from ecoeco.composition import registry
from ecoeco.core.bus.rabbitmq import EXCHANGE, dead_letter_queue, retry_delays_ms, retry_queue
from ecoeco.core.settings import CoreSettings
from tests.servers import AMQP_URL

# The back-off bases tests run with: the suite's fast one and the default (the stack).
TEST_RETRY_BASES = (0.05, CoreSettings().bus_retry_base_seconds)


def retry_queues(queue: str) -> list[str]:
    """Every retry step queue a process of the test suite may have declared for `queue`."""
    retries = CoreSettings().bus_max_retries
    delays = {d for base in TEST_RETRY_BASES for d in retry_delays_ms(retries, base)}
    return [retry_queue(queue, delay) for delay in sorted(delays)]


async def delete_topology(prefix: str, extra_consumers: tuple[str, ...] = ()) -> None:
    """Remove every queue a process with this prefix declares, so runs leave nothing behind."""
    consumers = [s.consumer for m in registry() if (s := m.topology()) is not None]
    names = []
    for consumer in (*consumers, *extra_consumers):
        queue = f"{prefix}ecoeco.{consumer}"
        names += [queue, *retry_queues(queue), dead_letter_queue(queue)]
    connection = await aio_pika.connect(AMQP_URL, timeout=10)
    async with connection:
        channel = await connection.channel()
        for name in names:
            await channel.queue_delete(name)
        await channel.exchange_delete(f"{prefix}{EXCHANGE}")
