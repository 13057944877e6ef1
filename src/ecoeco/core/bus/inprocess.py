"""The embedded broker: durable per-consumer queues in the database, served in-process."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from ecoeco.core.bus.apply import apply_once
from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.models import DeadLetter, Delivery, OutboxMessage
from ecoeco.core.bus.ports import Rewrite, Subscription
from ecoeco.core.db import Database, utcnow
from ecoeco.core.db.session import OUTBOX_PENDING
from ecoeco.core.observability import metrics

log = logging.getLogger(__name__)

WOKEN = "ecoeco.bus.woken"  # session.info: consumers that got deliveries in this transaction


class InProcessBroker:
    """Fans each envelope out to the `deliveries` table; pollers run the handlers.

    An event published in a transaction becomes its delivery rows in that same
    transaction (the queue is in the same database, so the outbox row is marked
    published at once and the relay has nothing to move): one write instead of three
    more transactions per event. A delivery row is deleted in the same transaction as
    the handler's work, so a crash at any point leaves it to be retried, and the inbox
    makes a retry harmless.
    """

    def __init__(
        self,
        db: Database,
        *,
        max_retries: int = 5,
        retry_base_seconds: float = 0.5,
        poll_seconds: float = 0.2,
    ) -> None:
        self.db = db
        self.max_retries = max_retries
        self.retry_base_seconds = retry_base_seconds
        self.poll_seconds = poll_seconds
        self._routes: dict[str, list[str]] = {}
        self._wake: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._running: set[asyncio.Task[None]] = set()

    async def start(self, topology: list[Subscription]) -> None:
        for sub in topology:
            for event_type in sub.events:
                self._routes.setdefault(event_type, []).append(sub.consumer)
            self._wake.setdefault(sub.consumer, asyncio.Event())
        self.db.before_flush(self._fan_out)
        self.db.after_commit(self._wake_consumers)

    def _fan_out(self, session: Session) -> None:
        """Turn the outbox rows this flush writes into deliveries, in the same transaction."""
        consumers: set[str] = session.info.setdefault(WOKEN, set())
        for row in list(session.new):
            if not isinstance(row, OutboxMessage) or row.published_at is not None:
                continue
            routed = self._routes.get(row.type, [])
            if routed:
                body = row.envelope().to_bytes().decode()
                session.add_all(
                    Delivery(consumer=c, message_id=row.message_id, body=body) for c in routed
                )
                consumers.update(routed)
            row.published_at = utcnow()
        session.info.pop(OUTBOX_PENDING, None)  # nothing left for the relay

    def _wake_consumers(self, session: Session) -> None:
        for consumer in session.info.pop(WOKEN, ()):
            self._wake[consumer].set()

    async def stop(self) -> None:
        tasks = [*self._tasks, *self._running]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._running.clear()
        self.db.remove_hooks(self._fan_out, self._wake_consumers)

    async def ping(self) -> None:
        return None

    async def publish(self, envelopes: list[Envelope]) -> None:
        rows = [
            Delivery(consumer=consumer, message_id=env.id, body=env.to_bytes().decode())
            for env in envelopes
            for consumer in self._routes.get(env.type, [])
        ]
        if not rows:
            return
        async with self.db.transaction() as session:
            session.add_all(rows)
        for consumer in {row.consumer for row in rows}:
            self._wake[consumer].set()

    async def rewrite_parked(self, rewrite: Rewrite) -> int:
        """Rewrite waiting deliveries and dead letters in place (the embedded queues)."""
        changed = 0
        for model in (Delivery, DeadLetter):
            async with self.db.transaction() as session:
                rows = (await session.execute(select(model.seq, model.body))).all()
                for seq, body in rows:
                    new = rewrite(body)
                    if new is not None:
                        await session.execute(
                            update(model).where(model.seq == seq).values(body=new)
                        )
                        changed += 1
        return changed

    async def consume(self, subscription: Subscription) -> None:
        self._wake.setdefault(subscription.consumer, asyncio.Event())
        self._tasks.append(asyncio.create_task(self._serve(subscription)))

    async def _serve(self, sub: Subscription) -> None:
        in_flight: set[int] = set()
        slots = asyncio.Semaphore(sub.concurrency)
        wake = self._wake[sub.consumer]
        running = self._running
        while True:
            try:
                due = await self._due(sub.consumer, exclude=in_flight, limit=sub.concurrency * 4)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("in-process broker poll failed")
                due = []
            for seq, body, attempts in due:
                await slots.acquire()
                in_flight.add(seq)
                task = asyncio.create_task(self._deliver(sub, seq, body, attempts))
                running.add(task)

                def finished(done: asyncio.Task[None], seq: int = seq) -> None:
                    running.discard(done)
                    in_flight.discard(seq)
                    slots.release()

                task.add_done_callback(finished)
            if due:
                continue
            try:  # asyncio.timeout: wait_for can swallow a cancellation on 3.11
                async with asyncio.timeout(self.poll_seconds):
                    await wake.wait()
            except TimeoutError:
                pass
            wake.clear()

    async def _due(
        self, consumer: str, *, exclude: set[int], limit: int
    ) -> list[tuple[int, str, int]]:
        async with self.db.read_session() as session:
            stmt = (
                select(Delivery.seq, Delivery.body, Delivery.attempts)
                .where(Delivery.consumer == consumer, Delivery.available_at <= utcnow())
                .order_by(Delivery.seq)
                .limit(limit + len(exclude))
            )
            rows = (await session.execute(stmt)).all()
        return [(s, b, a) for s, b, a in rows if s not in exclude][:limit]

    async def _deliver(self, sub: Subscription, seq: int, body: str, attempts: int) -> None:
        envelope = Envelope.from_bytes(body.encode())
        handler = sub.handlers.get(envelope.type)

        async def remove_delivery(session: AsyncSession) -> None:
            await session.execute(delete(Delivery).where(Delivery.seq == seq))

        try:
            if handler is None:
                async with self.db.transaction() as session:
                    await remove_delivery(session)
                return
            await apply_once(
                self.db,
                sub.consumer,
                handler,
                envelope,
                attempt=attempts + 1,
                also=remove_delivery,
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("handler %s failed on %s: %r", sub.consumer, envelope.type, exc)
            await self._retry_or_dead_letter(sub, seq, body, attempts + 1, repr(exc))

    async def _retry_or_dead_letter(
        self, sub: Subscription, seq: int, body: str, attempts: int, error: str
    ) -> None:
        async with self.db.transaction() as session:
            if attempts > self.max_retries:
                message_id = Envelope.from_bytes(body.encode()).id
                session.add(
                    DeadLetter(consumer=sub.consumer, message_id=message_id, body=body, error=error)
                )
                await session.execute(delete(Delivery).where(Delivery.seq == seq))
                metrics.MESSAGES_DEAD_LETTERED.labels(sub.queue).inc()
                return
            delay = self.retry_base_seconds * (2 ** (attempts - 1))
            await session.execute(
                update(Delivery)
                .where(Delivery.seq == seq)
                .values(
                    attempts=attempts,
                    available_at=utcnow() + timedelta(seconds=delay),
                    last_error=error,
                )
            )
