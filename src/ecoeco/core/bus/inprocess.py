"""The embedded broker: durable per-consumer queues in the database, served in-process."""

from __future__ import annotations

import asyncio
import heapq
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from ecoeco.core.bus import deliveries
from ecoeco.core.bus.apply import apply_once
from ecoeco.core.bus.deliveries import (
    WOKEN,
    Due,
    Gone,
    Written,
    park_or_delay,
    remover,
    rewrite_parked,
    write_fan_out,
)
from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.inline import apply_inline
from ecoeco.core.bus.models import Delivery
from ecoeco.core.bus.ports import Rewrite, Subscription
from ecoeco.core.bus.together import Joint, apply_together
from ecoeco.core.db import Database
from ecoeco.core.db.session import OUTBOX_PENDING

log = logging.getLogger(__name__)

FORGOTTEN = "ecoeco.bus.forgotten"  # session.info: consumers to read the table after commit
RETRY_SLACK_SECONDS = 0.01
HANDOFF_LIMIT = 256  # deliveries one consumer keeps in memory; past it, it reads the table


@dataclass
class _Queue:
    """One consumer's side of the broker: deliveries handed over at commit, and its wake-up.

    `ready` holds deliveries this process committed, so the consumer starts them without
    reading the table; the table stays the queue (a retry, a crash, a full `ready` are
    read from it). `finished` are deliveries done since the consumer's last read began:
    that read's snapshot may still show them, and they must not run twice. They are
    known by key and message: SQLite gives a deleted row's key to the next new row.
    `running` are deliveries started and not finished, by key and message too: a new row
    may take the key of one whose removal has committed but whose task is still ending.
    """

    wake: asyncio.Event = field(default_factory=asyncio.Event)
    ready: deque[Due] = field(default_factory=deque)
    overflowed: bool = False
    finished: set[tuple[int, str]] = field(default_factory=set)
    retries: list[float] = field(default_factory=list)  # a heap: when our retries fall due
    running: set[tuple[int, str]] = field(default_factory=set)


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
        self._subs: dict[str, Subscription] = {}
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
        session.info.pop(OUTBOX_PENDING, None)  # nothing left for the relay
        written = write_fan_out(session, self._routes)
        if written:
            session.info.setdefault(WOKEN, []).extend(written)

    def _wake_consumers(self, session: Session) -> None:
        """Hand the committed deliveries to their consumers (their keys are known now)."""
        for consumer in session.info.pop(FORGOTTEN, ()):
            forgotten = self._queues.get(consumer)
            if forgotten is not None:
                forgotten.overflowed = True
                forgotten.wake.set()
        rows: list[Written | Delivery] = session.info.pop(WOKEN, [])
        if len(rows) > 1:
            rows = self._start_together(rows)
        for row in rows:
            queue = self._queues.get(row.consumer)
            if queue is None:
                continue
            if row.seq is None or len(queue.ready) >= HANDOFF_LIMIT:
                queue.overflowed = True  # read from the table instead
            else:
                queue.ready.append((row.seq, row.message_id, row.body, 0))
            queue.wake.set()

    def _start_together(self, rows: list[Written | Delivery]) -> list[Written | Delivery]:
        """Start the deliveries whose consumers take this event type together in one task
        (one transaction, `ecoeco.core.bus.together`); returns the others."""
        joint: list[tuple[Subscription, Written]] = []
        rest: list[Written | Delivery] = []
        for row in rows:
            sub = self._subs.get(row.consumer)
            queue = self._queues.get(row.consumer)
            if (
                isinstance(row, Written)
                and row.seq is not None
                and sub is not None
                and queue is not None
                and row.type in sub.together
                and (row.seq, row.message_id) not in queue.running
            ):
                joint.append((sub, row))
            else:
                rest.append(row)
        if len(joint) < 2:
            return rows
        for sub, row in joint:
            self._queues[sub.consumer].running.add((cast(int, row.seq), row.message_id))
        task = asyncio.get_running_loop().create_task(self._deliver_together(joint))
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return rest

    async def _deliver_together(self, joint: list[tuple[Subscription, Written]]) -> None:
        """Apply the deliveries in one transaction; if that fails, each on its own."""
        try:
            parts = [
                Joint(
                    sub.consumer,
                    sub.queue,
                    sub.handlers.get(row.type),
                    Envelope.from_bytes(row.body.encode()),
                    cast(int, row.seq),
                )
                for sub, row in joint
            ]
            if not await apply_together(self.db, parts):
                for sub, row in joint:
                    await self._deliver(sub, cast(int, row.seq), row.body, 0)
        finally:
            for sub, row in joint:
                key = (cast(int, row.seq), row.message_id)
                queue = self._queues[sub.consumer]
                queue.running.discard(key)
                queue.finished.add(key)

    @staticmethod
    def _forget_handoff(session: Session) -> None:
        """A rollback (a savepoint's too) may undo rows written so far: hand none of them
        over; those that stay committed are read from the table."""
        rows: list[Written | Delivery] = session.info.pop(WOKEN, [])
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
        return await rewrite_parked(self.db, rewrite)

    async def consume(self, subscription: Subscription) -> None:
        self._queues.setdefault(subscription.consumer, _Queue())
        self._subs[subscription.consumer] = subscription
        self._tasks.append(asyncio.create_task(self._serve(subscription)))

    async def _serve(self, sub: Subscription) -> None:
        slots = asyncio.Semaphore(sub.concurrency)
        queue = self._queues[sub.consumer]
        in_flight = queue.running
        running = self._running
        next_read = 0.0  # read the table at once: rows a previous process left
        limit = sub.concurrency * 4
        while True:
            due: list[Due] = []
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
                    busy = {seq for seq, _ in in_flight}
                    rows = await deliveries.due(self.db, sub.consumer, exclude=busy, limit=limit)
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("in-process broker poll failed")
                    rows = []
                # a full page may have left more due rows behind: read again at once
                next_read = time.monotonic() + (self.poll_seconds if len(rows) < limit else 0.0)
                due += rows
            for seq, message_id, body, attempts in due:
                key = (seq, message_id)
                if key in in_flight or key in queue.finished:
                    continue  # handed over and also read, or done since the read began
                await slots.acquire()
                in_flight.add(key)
                task = asyncio.create_task(self._deliver(sub, seq, body, attempts))
                running.add(task)

                def finished(done: asyncio.Task[None], key: tuple[int, str] = key) -> None:
                    running.discard(done)
                    in_flight.discard(key)
                    queue.finished.add(key)
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

    async def _deliver(self, sub: Subscription, seq: int, body: str, attempts: int) -> None:
        envelope = Envelope.from_bytes(body.encode())
        handler = sub.handlers.get(envelope.type)

        remove_delivery = remover(seq, envelope.id)
        try:
            if handler is None:
                async with self.db.transaction() as session:
                    await session.run_sync(lambda s: remove_delivery(s.connection()))
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
                before_commit=self._apply_inline,
            )
        except asyncio.CancelledError:
            raise
        except Gone:
            log.debug("delivery %s of %s is gone; nothing applied", seq, envelope.id)
        except Exception as exc:
            log.warning("handler %s failed on %s: %r", sub.consumer, envelope.type, exc)
            await self._retry_or_dead_letter(sub, seq, envelope.id, body, attempts + 1, repr(exc))

    async def _apply_inline(self, session: AsyncSession) -> None:
        await apply_inline(session, self._routes, self._subs)

    async def _retry_or_dead_letter(
        self, sub: Subscription, seq: int, message_id: str, body: str, attempts: int, error: str
    ) -> None:
        delay = await park_or_delay(
            self.db,
            sub,
            seq,
            message_id,
            body,
            attempts,
            error,
            max_retries=self.max_retries,
            base_seconds=self.retry_base_seconds,
        )
        if delay is None:
            return
        # Read the table for it once it is due (a little after: `available_at` is the wall
        # clock), not at the next periodic read.
        queue = self._queues.get(sub.consumer)
        if queue is not None:
            heapq.heappush(queue.retries, time.monotonic() + delay + RETRY_SLACK_SECONDS)
            queue.wake.set()
