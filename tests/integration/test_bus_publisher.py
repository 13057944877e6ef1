"""The relay's publisher against real RabbitMQ: whole batches, confirmed, reopened."""

from __future__ import annotations

import asyncio
import uuid
from asyncio import selector_events
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import aiormq
import pytest

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import Envelope
from ecoeco.core.bus.publisher import ConfirmingPublisher
from tests.servers import AMQP_URL, need

pytestmark = [pytest.mark.rabbitmq]


@pytest.fixture
async def queue() -> AsyncIterator[tuple[str, aio_pika.abc.AbstractQueue]]:
    """A topic exchange and a durable queue bound to it, deleted afterwards."""
    need("rabbitmq")
    name = f"test.{uuid.uuid4().hex[:10]}.publisher"
    connection = await aio_pika.connect(AMQP_URL, timeout=10)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC)
        declared = await channel.declare_queue(name, durable=True)
        await declared.bind(exchange, routing_key="#")
        yield name, declared
        await declared.delete(if_unused=False, if_empty=False)
        await exchange.delete()


@pytest.fixture
async def publisher() -> AsyncIterator[ConfirmingPublisher]:
    opened = ConfirmingPublisher(AMQP_URL)
    yield opened
    await opened.close()


def batch(size: int) -> list[Envelope]:
    return [Envelope.wrap(UserDeleted(user_id=f"user-{n}")) for n in range(size)]


async def received(queue: aio_pika.abc.AbstractQueue) -> list[str]:
    """The message ids waiting in the queue, in order (taken and acknowledged)."""
    ids = []
    while (message := await queue.get(no_ack=True, fail=False)) is not None:
        ids.append(str(message.message_id))
    return ids


async def test_a_whole_batch_is_queued_for_the_writer_in_one_pass_of_the_loop(
    queue: tuple[str, aio_pika.abc.AbstractQueue], publisher: ConfirmingPublisher
) -> None:
    # aiormq queues at most 10 frames for a connection's writer by default: the 11th
    # publish of a batch waited holding the channel's lock, and the rest then went one per
    # pass of the event loop (a busy app's loop: one per 20 ms). Here every message of the
    # batch is handed over before the loop's next pass.
    exchange, bound = queue
    await publisher.publish(exchange, batch(1))  # opens the connection
    channel = await publisher._open()
    before = channel.delivery_tag
    envelopes = batch(100)
    publishing = asyncio.create_task(publisher.publish(exchange, envelopes))
    await asyncio.sleep(0)  # the task starts and creates the publishes
    await asyncio.sleep(0)  # the publishes run
    assert channel.delivery_tag - before == 100
    await publishing  # every confirmation came back
    ids = await received(bound)
    assert ids[1:] == [env.id for env in envelopes]  # in the order given


async def test_a_lost_connection_is_opened_again_on_the_next_publish(
    queue: tuple[str, aio_pika.abc.AbstractQueue], publisher: ConfirmingPublisher
) -> None:
    exchange, bound = queue
    first, second = batch(1), batch(1)
    await publisher.publish(exchange, first)
    lost = await publisher._open()
    await lost.connection.close()  # as if the broker had dropped it
    await publisher.publish(exchange, second)
    assert await received(bound) == [first[0].id, second[0].id]


async def test_a_publish_to_a_missing_exchange_raises_and_the_next_one_goes_through(
    queue: tuple[str, aio_pika.abc.AbstractQueue], publisher: ConfirmingPublisher
) -> None:
    # The relay rolls its claim back when publish raises: the rows stay unpublished.
    exchange, bound = queue
    with pytest.raises(aiormq.exceptions.ChannelNotFoundEntity):
        await publisher.publish(f"{exchange}.missing", batch(3))
    after = batch(2)
    await publisher.publish(exchange, after)
    assert await received(bound) == [env.id for env in after]


async def test_closing_does_not_wait_for_a_publish_in_progress(
    queue: tuple[str, aio_pika.abc.AbstractQueue], publisher: ConfirmingPublisher
) -> None:
    # A publish waiting for confirmations that never come holds the publisher's lock; the
    # shutdown closes the connection anyway (the waits then fail, the claim rolls back).
    exchange, _ = queue
    await publisher.publish(exchange, batch(1))
    async with publisher._lock:  # as a stuck publish would
        await publisher.close()
    await publisher.publish(exchange, batch(1))  # and a later publish opens it again


async def test_a_batch_leaves_in_a_few_sends_not_one_per_message(
    queue: tuple[str, aio_pika.abc.AbstractQueue],
    publisher: ConfirmingPublisher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # aiormq's writer handed the socket one publish at a time: a batch of 50 was 50 sends,
    # each running RabbitMQ's receive path on the sender's core. The frames a pass of the
    # loop queues now leave together; every message still arrives, in order.
    exchange, bound = queue
    await publisher.publish(exchange, batch(1))  # opens the connection
    sends = 0
    write = selector_events._SelectorSocketTransport.write

    def counted(self: Any, data: Any) -> None:
        nonlocal sends
        sends += 1
        write(self, data)

    monkeypatch.setattr(selector_events._SelectorSocketTransport, "write", counted)
    envelopes = batch(50)
    await publisher.publish(exchange, envelopes)
    monkeypatch.undo()
    assert sends <= 3, sends
    ids = await received(bound)
    assert ids[1:] == [env.id for env in envelopes]
