"""RabbitMQ broker over aio-pika: durable queues, confirms, retries, dead letters."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractRobustConnection,
)

from ecoeco.core.bus.apply import already_applied, apply_once
from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.gathered import GatheringTransportFactory
from ecoeco.core.bus.ports import Rewrite, Subscription
from ecoeco.core.bus.publisher import ConfirmingPublisher
from ecoeco.core.db import Database
from ecoeco.core.observability import metrics

log = logging.getLogger(__name__)

EXCHANGE = "ecoeco.events"
ATTEMPT_HEADER = "x-ecoeco-attempt"


class _GatheredConnection(aio_pika.RobustConnection):
    """The consumers' connection: acknowledgements written in one pass of the loop leave
    as one send (`ecoeco.core.bus.gathered`), on every reconnect too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kwargs["transport_factory"] = GatheringTransportFactory()


def retry_delays_ms(max_retries: int, base_seconds: float) -> list[int]:
    """The back-off before each retry: base, 2×base, 4×base, ... (milliseconds)."""
    return [int(base_seconds * 1000 * 2**step) for step in range(max_retries)]


def retry_queue(queue: str, delay_ms: int) -> str:
    """Holds messages for one back-off step, then dead-letters them back to `queue`.

    One queue per step, with the TTL on the queue: every message in it waits the same
    time, so none waits behind a longer one (RabbitMQ only expires the head of a queue).
    """
    return f"{queue}.retry.{delay_ms}ms"


def dead_letter_queue(queue: str) -> str:
    """Holds messages that failed every retry."""
    return f"{queue}.dlq"


class RabbitBroker:
    """Publishes with confirms; consumers ack only after the handler's commit."""

    def __init__(
        self,
        url: str,
        db: Database,
        *,
        max_retries: int = 5,
        retry_base_seconds: float = 0.5,
        prefix: str = "",
    ) -> None:
        self.url = url
        self.db = db
        self.max_retries = max_retries
        self.retry_base_seconds = retry_base_seconds
        self.prefix = prefix
        self.retry_delays = retry_delays_ms(max_retries, retry_base_seconds)
        self._conn: AbstractRobustConnection | None = None
        self._exchange: AbstractExchange | None = None
        # the relay's publishes: a connection of their own (see its module)
        self._publisher = ConfirmingPublisher(url)
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._stopping = False
        self._topology: list[Subscription] = []

    def exchange_name(self) -> str:
        """The topic exchange (prefixed in tests so runs never collide)."""
        return f"{self.prefix}{EXCHANGE}"

    def queue_name(self, sub: Subscription) -> str:
        """The consumer's durable queue name."""
        return f"{self.prefix}{sub.queue}"

    async def start(self, topology: list[Subscription]) -> None:
        self._conn = await aio_pika.connect_robust(
            self.url, timeout=10, connection_class=_GatheredConnection
        )
        channel = await self._conn.channel()
        self._exchange = await channel.declare_exchange(
            self.exchange_name(), aio_pika.ExchangeType.TOPIC, durable=True
        )
        for sub in topology:
            await self._declare(channel, sub)
        await channel.close()
        self._topology = list(topology)

    async def _declare(self, channel: AbstractChannel, sub: Subscription) -> None:
        name = self.queue_name(sub)
        await channel.declare_queue(dead_letter_queue(name), durable=True)
        for delay_ms in self.retry_delays:
            await channel.declare_queue(
                retry_queue(name, delay_ms),
                durable=True,
                arguments={
                    "x-message-ttl": delay_ms,
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": name,
                },
            )
        queue = await channel.declare_queue(
            name,
            durable=True,
            arguments={
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": dead_letter_queue(name),
            },
        )
        for event_type in sub.events:
            await queue.bind(self.exchange_name(), routing_key=event_type)

    async def stop(self) -> None:
        # Let handlers that already started finish (their transactions hold connections
        # the database is about to dispose of); new deliveries go back to the queue.
        self._stopping = True
        if self._in_flight:
            await asyncio.wait(set(self._in_flight), timeout=10)
        if self._conn is not None:
            try:
                # A robust connection in the middle of a reconnect can wait forever to close.
                await asyncio.wait_for(self._conn.close(), timeout=10)
            except TimeoutError:
                log.warning("RabbitMQ connection did not close in 10 s; abandoning it")
            self._conn = None
        try:
            await self._publisher.close()
        except TimeoutError:
            log.warning("RabbitMQ publishing connection did not close in 10 s; abandoning it")

    async def ping(self) -> None:
        if self._conn is None or self._conn.is_closed:
            raise ConnectionError("RabbitMQ connection is closed")

    async def publish(self, envelopes: list[Envelope]) -> None:
        if self._exchange is None:
            raise RuntimeError("RabbitBroker.start() has not run")
        # Every confirmation is awaited: a nack or a lost connection raises, and the relay
        # rolls its claim back.
        await self._publisher.publish(self._exchange.name, envelopes)

    def _message(self, env: Envelope, headers: dict[str, Any] | None = None) -> aio_pika.Message:
        return aio_pika.Message(
            body=env.to_bytes(),
            message_id=env.id,
            type=env.type,
            content_type="application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers=headers or {},
        )

    def parked_queues(self) -> list[str]:
        """The queues where messages wait for a retry or an operator (dead letters)."""
        names = [self.queue_name(sub) for sub in self._topology]
        return [
            queue
            for name in names
            for queue in (
                *(retry_queue(name, delay) for delay in self.retry_delays),
                dead_letter_queue(name),
            )
        ]

    async def rewrite_parked(self, rewrite: Rewrite, *, most: int = 10_000) -> int:
        """Rewrite messages in the retry and dead-letter queues.

        Every waiting message is taken (unacknowledged); a rewritten one is published
        again with its properties and the original acknowledged; the others go back.
        A crash in between leaves a duplicate at worst, and the inbox makes that harmless.
        """
        if self._conn is None:
            raise RuntimeError("RabbitBroker.start() has not run")
        changed = 0
        channel = await self._conn.channel(publisher_confirms=True)
        try:
            for name in self.parked_queues():
                queue = await channel.declare_queue(name, passive=True)
                waiting = min(queue.declaration_result.message_count or 0, most)
                held: list[AbstractIncomingMessage] = []
                for _ in range(waiting):
                    message = await queue.get(no_ack=False, fail=False)
                    if message is None:
                        break
                    new = rewrite(message.body.decode(errors="replace"))
                    if new is None:
                        held.append(message)
                        continue
                    copy = aio_pika.Message(
                        body=new.encode(),
                        message_id=message.message_id,
                        type=message.type,
                        content_type=message.content_type,
                        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                        headers=dict(message.headers or {}),
                        expiration=message.expiration,
                    )
                    await channel.default_exchange.publish(copy, routing_key=name)
                    await message.ack()
                    changed += 1
                for message in reversed(held):  # back to the head, in their order
                    await message.nack(requeue=True)
        finally:
            await channel.close()
        return changed

    async def consume(self, subscription: Subscription) -> None:
        if self._conn is None:
            raise RuntimeError("RabbitBroker.start() has not run")
        channel = await self._conn.channel(publisher_confirms=True)
        await channel.set_qos(prefetch_count=subscription.concurrency)
        await self._declare(channel, subscription)
        queue = await channel.get_queue(self.queue_name(subscription))

        async def on_message(message: AbstractIncomingMessage) -> None:
            if self._stopping:
                await message.nack(requeue=True)
                return
            task = asyncio.current_task()
            if task is not None:
                self._in_flight.add(task)
            try:
                await self._handle(channel, subscription, message)
            finally:
                if task is not None:
                    self._in_flight.discard(task)

        await queue.consume(on_message, no_ack=False)

    async def _handle(
        self, channel: AbstractChannel, sub: Subscription, message: AbstractIncomingMessage
    ) -> None:
        name = self.queue_name(sub)
        try:
            envelope = Envelope.from_bytes(message.body)
        except ValueError:
            log.error("unparseable message on %s; dead-lettering", name)
            metrics.MESSAGES_DEAD_LETTERED.labels(name).inc()
            await message.reject(requeue=False)
            return
        attempt = int(str((message.headers or {}).get(ATTEMPT_HEADER, 0) or 0)) + 1
        handler = sub.handlers.get(envelope.type)
        try:
            if handler is not None:
                await apply_once(
                    self.db,
                    sub.consumer,
                    handler,
                    envelope,
                    attempt=attempt,
                    queue=name,
                    # A first delivery of a first attempt skips the inbox read; one the
                    # broker redelivers (a consumer died holding it) or a retry looks.
                    look_first=attempt > 1 or bool(message.redelivered),
                )
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning(
                "handler %s failed on %s (attempt %d): %r", name, envelope.type, attempt, exc
            )
            await self._retry_or_dead_letter(channel, name, envelope, attempt, repr(exc))
        await message.ack()

    async def _retry_or_dead_letter(
        self, channel: AbstractChannel, name: str, env: Envelope, attempt: int, error: str
    ) -> None:
        headers: dict[str, Any] = {ATTEMPT_HEADER: attempt, "x-ecoeco-error": error[:500]}
        if attempt > self.max_retries:
            await channel.default_exchange.publish(
                self._message(env, headers), routing_key=dead_letter_queue(name)
            )
            metrics.MESSAGES_DEAD_LETTERED.labels(name).inc()
            return
        delay_ms = self.retry_delays[attempt - 1]
        await channel.default_exchange.publish(
            self._message(env, headers), routing_key=retry_queue(name, delay_ms)
        )

    async def is_applied(self, consumer: str, message_id: str) -> bool:
        """True when the consumer has committed the message (for tests and tools)."""
        return await already_applied(self.db, consumer, message_id)
