"""The embedded broker: durable per-consumer queues in the database, served in-process."""

from __future__ import annotations

import asyncio
import heapq
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, delete, insert, select, update
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

WOKEN = "ecoeco.bus.woken"  # session.info: deliveries written in this transaction
FORGOTTEN = "ecoeco.bus.forgotten"  # session.info: consumers to read the table after commit
# Built once. A delivery is its key *and* message: SQLite gives a deleted row's key to the
# next new row, and a delivery handed over by a transaction that then rolled back (to a
# savepoint) names a row that never was.
_REMOVE = delete(Delivery).where(
    Delivery.seq == bindparam("seq"), Delivery.message_id == bindparam("message_id")
)
# The fan-out writes its rows past the ORM's unit of work: plain INSERTs, the deliveries'
# keys returned in the order of their rows.
_OUTBOX = insert(OutboxMessage)
_DELIVERIES = insert(Delivery).returning(Delivery.seq, sort_by_parameter_order=True)
RETRY_SLACK_SECONDS = 0.01
HANDOFF_LIMIT = 256  # deliveries one consumer keeps in memory; past it, it reads the table
_Due = tuple[int, str, str, int]  # a delivery's key, message id, body and attempts so far


class _Written(NamedTuple):
    """A delivery row this transaction wrote (the fields of `Delivery` the handoff reads)."""

    consumer: str
    seq: int | None
    message_id: str
    body: str


@dataclass
class _Queue:
    """One consumer's side of the broker: deliveries handed over at commit, and its wake-up.

    `ready` holds deliveries this process committed, so the consumer starts them without
    reading the table; the table stays the queue (a retry, a crash, a full `ready` are
    read from it). `finished` are deliveries done since the consumer's last read began:
    that read's snapshot may still show them, and they must not run twice. They are
    known by key and message: SQLite gives a deleted row's key to the next new row.
    """

    wake: asyncio.Event = field(default_factory=asyncio.Event)
    ready: deque[_Due] = field(default_factory=deque)
    overflowed: bool = False
    finished: set[tuple[int, str]] = field(default_factory=set)
    retries: list[float] = field(default_factory=list)  # a heap: when our retries fall due


class _Gone(Exception):
    """The delivery row is not there (applied meanwhile, or never committed)."""


class InProcessBroker:
    """Fans each envelope out to the `deliveries` table; pollers run the handlers.

    An event published in a transaction becomes its delivery rows in that same
    transaction (the queue is in the same database, so the outbox row is marked
    published at once and the relay has nothing to move): one write instead of three
    more transactions per event. A delivery row is deleted in the same transaction as
    the handler's work, so a crash at any point leaves it to be retried, and the inbox
    makes a retry harmless.

    After the commit the new rows are handed to their consumers in memory: a consumer
    reads the table when one of its retries falls due, and otherwise only every
    `poll_seconds` (rows left by a stopped process, or written by another process on the
    same file), not once per event.
    """

    def __init__(
        self,
        db: Database,
        *,
        max_retries: int = 5,
        retry_base_seconds: float = 0.5,
        poll_seconds: float = 1.0,
    ) -> None:
        self.db = db
        self.max_retries = max_retries
        self.retry_base_seconds = retry_base_seconds
        self.poll_seconds = poll_seconds
        self._routes: dict[str, list[str]] = {}
        self._queues: dict[str, _Queue] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._running: set[asyncio.Task[None]] = set()

    async def start(self, topology: list[Subscription]) -> None:
        for sub in topology:
            for event_type in sub.events:
                self._routes.setdefault(event_type, []).append(sub.consumer)
            self._queues.setdefault(sub.consumer, _Queue())
        self.db.before_flush(self._fan_out)
        self.db.after_commit(self._wake_consumers)
        self.db.after_rollback(self._forget_handoff)

    def _fan_out(self, session: Session) -> None:
        """Turn the outbox rows this flush would write into deliveries, in the same transaction.

        The outbox rows leave the unit of work: they and their deliveries are written here
        as plain INSERTs (already published), which costs a fraction of the ORM's flush of
        the same objects. They belong to the transaction (or savepoint) the flush is in,
        as the ORM's INSERTs would.
        """
        pending = [
            row
            for row in session.new
            if isinstance(row, OutboxMessage) and row.published_at is None
        ]
        session.info.pop(OUTBOX_PENDING, None)  # nothing left for the relay
        if not pending:
            return
        now = utcnow()
        messages: list[dict[str, object]] = []
        deliveries: list[dict[str, object]] = []
        for row in pending:
            session.expunge(row)
            envelope = row.envelope()
            messages.append(
                {
                    "message_id": row.message_id,
                    "type": row.type,
                    "version": envelope.version,
                    "payload": row.payload,
                    "trace_id": row.trace_id,
                    "created_at": envelope.occurred_at,
                    "published_at": now,
                }
            )
            routed = self._routes.get(row.type, [])
            if routed:
                body = envelope.to_bytes().decode()
                deliveries += [
                    {"consumer": c, "message_id": row.message_id, "body": body} for c in routed
                ]
        connection = session.connection()
        connection.execute(_OUTBOX, messages)
        if deliveries:
            seqs = connection.execute(_DELIVERIES, deliveries).scalars().all()
            written: list[_Written] = session.info.setdefault(WOKEN, [])
            written += [
                _Written(str(d["consumer"]), seq, str(d["message_id"]), str(d["body"]))
                for d, seq in zip(deliveries, seqs, strict=True)
            ]

    def _wake_consumers(self, session: Session) -> None:
        """Hand the committed deliveries to their consumers (their keys are known now)."""
        for consumer in session.info.pop(FORGOTTEN, ()):
            forgotten = self._queues.get(consumer)
            if forgotten is not None:
                forgotten.overflowed = True
                forgotten.wake.set()
        for row in session.info.pop(WOKEN, ()):
            queue = self._queues.get(row.consumer)
            if queue is None:
                continue
            if row.seq is None or len(queue.ready) >= HANDOFF_LIMIT:
                queue.overflowed = True  # read from the table instead
            else:
                queue.ready.append((row.seq, row.message_id, row.body, 0))
            queue.wake.set()

    @staticmethod
    def _forget_handoff(session: Session) -> None:
        """A rollback (a savepoint's too) may undo rows written so far: hand none of them
        over; those that stay committed are read from the table."""
        rows: list[_Written | Delivery] = session.info.pop(WOKEN, [])
        session.info.setdefault(FORGOTTEN, set()).update(row.consumer for row in rows)

    async def stop(self) -> None:
        tasks = [*self._tasks, *self._running]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        self._running.clear()
        self.db.remove_hooks(self._fan_out, self._wake_consumers, self._forget_handoff)

    async def ping(self) -> None:
        return None

    async def publish(self, envelopes: list[Envelope]) -> None:
        if any(self._routes.get(env.type) for env in envelopes):
            async with self.db.transaction() as session:
                self.stage(session, envelopes)

    def stages_in(self, db: Database) -> bool:
        return db is self.db

    def stage(self, session: AsyncSession, envelopes: list[Envelope]) -> None:
        rows = [
            Delivery(consumer=consumer, message_id=env.id, body=env.to_bytes().decode())
            for env in envelopes
            for consumer in self._routes.get(env.type, [])
        ]
        session.add_all(rows)
        session.info.setdefault(WOKEN, []).extend(rows)  # handed over after the commit

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
        self._queues.setdefault(subscription.consumer, _Queue())
        self._tasks.append(asyncio.create_task(self._serve(subscription)))

    async def _serve(self, sub: Subscription) -> None:
        in_flight: set[int] = set()
        slots = asyncio.Semaphore(sub.concurrency)
        queue = self._queues[sub.consumer]
        running = self._running
        next_read = 0.0  # read the table at once: rows a previous process left
        limit = sub.concurrency * 4
        while True:
            due: list[_Due] = []
            while queue.ready:
                due.append(queue.ready.popleft())
            now = time.monotonic()
            retry_due = bool(queue.retries) and queue.retries[0] <= now
            if queue.overflowed or now >= next_read or retry_due:
                queue.overflowed = False
                while queue.retries and queue.retries[0] <= now:
                    heapq.heappop(queue.retries)
                queue.finished.clear()
                try:
                    rows = await self._due(sub.consumer, exclude=in_flight, limit=limit)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("in-process broker poll failed")
                    rows = []
                # a full page may have left more due rows behind: read again at once
                next_read = time.monotonic() + (self.poll_seconds if len(rows) < limit else 0.0)
                due += rows
            for seq, message_id, body, attempts in due:
                if seq in in_flight or (seq, message_id) in queue.finished:
                    continue  # handed over and also read, or done since the read began
                await slots.acquire()
                in_flight.add(seq)
                task = asyncio.create_task(self._deliver(sub, seq, body, attempts))
                running.add(task)

                def finished(
                    done: asyncio.Task[None], seq: int = seq, message_id: str = message_id
                ) -> None:
                    running.discard(done)
                    in_flight.discard(seq)
                    queue.finished.add((seq, message_id))
                    slots.release()

                task.add_done_callback(finished)
            wait = min(next_read, queue.retries[0] if queue.retries else next_read)
            wait -= time.monotonic()
            if queue.ready or queue.overflowed or wait <= 0:
                continue
            try:  # asyncio.timeout: wait_for can swallow a cancellation on 3.11
                async with asyncio.timeout(wait):
                    await queue.wake.wait()
            except TimeoutError:
                pass
            queue.wake.clear()

    async def _due(self, consumer: str, *, exclude: set[int], limit: int) -> list[_Due]:
        """Due deliveries this consumer is not running yet, oldest first.

        The keys come first and the bodies only of the new ones: under load most due
        rows are the ones already running.
        """
        async with self.db.read_session() as session:
            keys = (
                select(Delivery.seq)
                .where(Delivery.consumer == consumer, Delivery.available_at <= utcnow())
                .order_by(Delivery.seq)
                .limit(limit + len(exclude))
            )
            new = [s for s in (await session.execute(keys)).scalars() if s not in exclude]
            if not new:
                return []
            rows = await session.execute(
                select(Delivery.seq, Delivery.message_id, Delivery.body, Delivery.attempts)
                .where(Delivery.seq.in_(new[:limit]))
                .order_by(Delivery.seq)
            )
            return [(s, m, b, a) for s, m, b, a in rows]

    async def _deliver(self, sub: Subscription, seq: int, body: str, attempts: int) -> None:
        envelope = Envelope.from_bytes(body.encode())
        handler = sub.handlers.get(envelope.type)

        async def remove_delivery(session: AsyncSession) -> None:
            connection = await session.connection()  # a plain statement, no ORM state to sync
            removed = await connection.execute(_REMOVE, {"seq": seq, "message_id": envelope.id})
            if removed.rowcount != 1:
                raise _Gone()  # rolls the handler's work back with it

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
                # A delivery row goes in the handler's transaction, so a row never tried
                # was never applied unless the message was queued twice: the inbox key
                # still refuses that one at the commit. A retry reads the inbox first.
                look_first=attempts > 0,
            )
        except asyncio.CancelledError:
            raise
        except _Gone:
            log.debug("delivery %s of %s is gone; nothing applied", seq, envelope.id)
        except Exception as exc:
            log.warning("handler %s failed on %s: %r", sub.consumer, envelope.type, exc)
            await self._retry_or_dead_letter(sub, seq, envelope.id, body, attempts + 1, repr(exc))

    async def _retry_or_dead_letter(
        self, sub: Subscription, seq: int, message_id: str, body: str, attempts: int, error: str
    ) -> None:
        this = (Delivery.seq == seq, Delivery.message_id == message_id)
        async with self.db.transaction() as session:
            if attempts > self.max_retries:
                gone = await session.execute(delete(Delivery).where(*this))
                if getattr(gone, "rowcount", 1) != 1:
                    return  # not a delivery that exists: nothing to park
                session.add(
                    DeadLetter(consumer=sub.consumer, message_id=message_id, body=body, error=error)
                )
                metrics.MESSAGES_DEAD_LETTERED.labels(sub.queue).inc()
                return
            delay = self.retry_base_seconds * (2 ** (attempts - 1))
            await session.execute(
                update(Delivery)
                .where(*this)
                .values(
                    attempts=attempts,
                    available_at=utcnow() + timedelta(seconds=delay),
                    last_error=error,
                )
            )
        # Read the table for it once it is due (a little after: `available_at` is the wall
        # clock), not at the next periodic read.
        queue = self._queues.get(sub.consumer)
        if queue is not None:
            heapq.heappush(queue.retries, time.monotonic() + delay + RETRY_SLACK_SECONDS)
            queue.wake.set()
