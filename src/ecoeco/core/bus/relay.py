"""The relay: moves committed outbox rows to the broker, oldest first."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from sqlalchemy import Row, Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.base import Executable

from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.core.bus.ports import Broker, StagingBroker
from ecoeco.core.db import Database, utcnow
from ecoeco.core.observability import metrics

log = logging.getLogger(__name__)


# seq first: the claimed rows sort into the order they were written
_ENVELOPE_COLUMNS = (
    OutboxMessage.seq,
    OutboxMessage.message_id,
    OutboxMessage.type,
    OutboxMessage.version,
    OutboxMessage.payload,
    OutboxMessage.created_at,
    OutboxMessage.trace_id,
)


def _envelope(row: Row[Any]) -> Envelope:
    return Envelope(
        id=row.message_id,
        type=row.type,
        version=row.version or 1,
        payload=row.payload,
        occurred_at=row.created_at,
        trace_id=row.trace_id,
    )


class OutboxRelay:
    """Publishes unpublished rows in batches; safe to run in several processes."""

    def __init__(
        self,
        db: Database,
        broker: Broker,
        *,
        service: str,
        poll_seconds: float = 0.5,
        batch_size: int = 100,
        observe_seconds: float = 5.0,
    ) -> None:
        self.db = db
        self.broker = broker
        self.service = service
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.observe_seconds = observe_seconds
        self.wake = asyncio.Event()

    async def run_once(self) -> int:
        """Publish one batch; returns how many rows it published.

        On PostgreSQL the batch is locked (SKIP LOCKED) so several relays can run.
        SQLite has one relay per process and one writer at a time, so the batch is
        read, published and marked in separate short transactions; with the embedded
        broker, whose queues are tables of the same database, in one.
        """
        if isinstance(self.broker, StagingBroker) and self.broker.stages_in(self.db):
            # The queues are tables of this database: deliveries and the mark commit
            # together, so a consumer never sees a message whose row reads unpublished.
            async with self.db.transaction() as session:
                rows = list((await session.execute(self._batch())).scalars())
                seqs = [row.seq for row in rows]
                if seqs:
                    self.broker.stage(session, [row.envelope() for row in rows])
                    await self._mark(session, seqs)
        elif self.db.sqlite:
            async with self.db.read_session() as session:
                rows = list((await session.execute(self._batch())).scalars())
                envelopes = [row.envelope() for row in rows]
                seqs = [row.seq for row in rows]
            if seqs:
                await self.broker.publish(envelopes)
                async with self.db.transaction() as session:
                    await self._mark(session, seqs)
        else:
            # Claimed and marked in one statement; the transaction holds the rows
            # (SKIP LOCKED: other relays pass them by) until the broker has confirmed
            # them, and a failed publish rolls the mark back.
            async with self.db.transaction() as session:
                connection = await session.connection()  # a plain statement: no ORM state
                claimed = (await connection.execute(self._claim())).all()
                seqs = [row.seq for row in claimed]
                if seqs:
                    await self.broker.publish([_envelope(row) for row in sorted(claimed)])
        if seqs:
            metrics.OUTBOX_PUBLISHED.labels(self.service).inc(len(seqs))
        return len(seqs)

    def _batch(self) -> Select[OutboxMessage]:
        return (
            select(OutboxMessage)
            .where(OutboxMessage.published_at.is_(None))
            .order_by(OutboxMessage.seq)
            .limit(self.batch_size)
        )

    def _claim(self) -> Executable:
        """Mark the oldest unpublished batch published, returning what it holds."""
        batch = (
            select(OutboxMessage.seq)
            .where(OutboxMessage.published_at.is_(None))
            .order_by(OutboxMessage.seq)
            .limit(self.batch_size)
            .with_for_update(skip_locked=True)
        )
        return (
            update(OutboxMessage)
            .where(OutboxMessage.seq.in_(batch.scalar_subquery()))
            .values(published_at=utcnow())
            .returning(*_ENVELOPE_COLUMNS)
        )

    @staticmethod
    async def _mark(session: AsyncSession, seqs: list[int]) -> None:
        await session.execute(
            update(OutboxMessage).where(OutboxMessage.seq.in_(seqs)).values(published_at=utcnow()),
            # the batch's rows are not used after this: no evaluating the WHERE on each
            execution_options={"synchronize_session": False},
        )

    async def drain(self) -> int:
        """Publish until nothing is left; returns the total.

        A batch shorter than `batch_size` was everything there was, so no second
        transaction goes to find nothing (every commit that writes an event wakes the
        relay: one transaction per wake-up, not two).
        """
        total = 0
        while True:
            count = await self.run_once()
            total += count
            if count < self.batch_size:
                return total

    async def observe_backlog(self) -> None:
        """Update the backlog and age gauges."""
        async with self.db.read_session() as session:
            row = (
                await session.execute(
                    select(func.count(), func.min(OutboxMessage.created_at)).where(
                        OutboxMessage.published_at.is_(None)
                    )
                )
            ).one()
        count, oldest = row
        metrics.OUTBOX_BACKLOG.labels(self.service).set(count or 0)
        age = (utcnow() - oldest).total_seconds() if oldest is not None else 0.0
        metrics.OUTBOX_OLDEST_AGE.labels(self.service).set(max(0.0, age))

    async def run_forever(self) -> None:
        """Loop until cancelled: publish on commit notifications or every poll interval.

        The backlog gauges are refreshed every `observe_seconds` (a count over the
        outbox), not after each publish: under load every event commit wakes the relay.
        """
        observed = float("-inf")
        while True:
            try:
                await self.drain()
                if time.monotonic() - observed >= self.observe_seconds:
                    await self.observe_backlog()
                    observed = time.monotonic()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying")
                await asyncio.sleep(1.0)
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a
            # cancellation that arrives as the event is set, and the relay then outlives
            # its app (the shutdown hang CI saw).
            try:
                async with asyncio.timeout(self.poll_seconds):
                    await self.wake.wait()
            except TimeoutError:
                pass
            self.wake.clear()
