"""The relay's RabbitMQ publisher: its own connection, a write buffer for a whole batch.

Measured with `bench/bus/confirms.py` (docs/performance-distributed.md): RabbitMQ confirms
2,000-6,000 persistent messages a second here, yet on the app's busy event loop the relay got
~50 a second, one message per pass of the loop, whatever the broker did. Two things in
aiormq serialized a batch, each fixed here:

- **Its write buffer.** A connection queues at most 10 frames for its writer. The 11th
  publish of a batch waits for the writer while it holds the channel's lock, and every
  publish behind it then waits for the lock, which each release hands to one waiter on
  the loop's next pass: a batch of 33 took 33 passes. This connection's buffer holds a
  batch (`FRAME_BUFFER_SIZE`), so a batch is queued in one pass.
- **Sharing the consumers' connection.** One reader task takes the frames of all a
  connection's channels, and waits when a consumer channel's buffer (10 frames, three
  deliveries) is full: the confirmations queued behind the deliveries. The publisher
  has a connection of its own.

Durability is unchanged: every confirmation is awaited, a nack or a lost connection
raises, and the relay rolls its claim back (the rows stay unpublished). A lost
connection is opened again on the next publish.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import cast

import aiormq

from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.gathered import GatheringTransportFactory

# A batch's frames and confirmations at once: the relay's batch (100 by default) is one
# item per message; a message here is a few kilobytes at most.
BUFFER = 1024


class _Connection(aiormq.Connection):
    FRAME_BUFFER_SIZE = BUFFER


class ConfirmingPublisher:
    """Publishes batches with publisher confirms on a connection of its own."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._connection: _Connection | None = None
        self._channel: aiormq.Channel | None = None
        self._lock = asyncio.Lock()

    async def _open(self) -> aiormq.Channel:
        if self._channel is not None and not self._channel.is_closed:
            return self._channel
        if self._connection is not None:
            await self._close_connection()
        # a batch's publishes leave in one send (`ecoeco.core.bus.gathered`)
        connection = _Connection(self.url, transport_factory=GatheringTransportFactory())
        await connection.connect()
        self._connection = connection
        # aiormq's own channel: its basic_publish takes `wait`, the abstract one's not
        channel = await connection.channel(publisher_confirms=True, frame_buffer_size=BUFFER)
        self._channel = cast(aiormq.Channel, channel)
        return self._channel

    async def publish(self, exchange: str, envelopes: Sequence[Envelope]) -> None:
        """Send every envelope, then wait for all their confirmations.

        The lock keeps batches whole and in order; within a batch the publishes queue
        their frames in the order given. Raises if any is nacked or the connection drops.
        """
        async with self._lock:
            channel = await self._open()
            confirmations = [
                channel.basic_publish(
                    env.to_bytes(),
                    exchange=exchange,
                    routing_key=env.type,
                    properties=_properties(env),
                    wait=False,
                )
                for env in envelopes
            ]
            await asyncio.gather(*confirmations)  # a nack raises aiormq's DeliveryError

    async def close(self) -> None:
        # Not under the lock: a publish stuck waiting for confirmations (a broker that
        # stopped answering) must not hold the shutdown; closing fails its waits instead.
        await self._close_connection()

    async def _close_connection(self) -> None:
        connection, self._connection, self._channel = self._connection, None, None
        if connection is not None and not connection.is_closed:
            await asyncio.wait_for(connection.close(), timeout=10)


def _properties(env: Envelope) -> aiormq.spec.Basic.Properties:
    return aiormq.spec.Basic.Properties(
        message_id=env.id,
        message_type=env.type,
        content_type="application/json",
        delivery_mode=2,  # persistent
        headers={},
    )
