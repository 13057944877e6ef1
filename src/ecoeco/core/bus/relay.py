"""The relay: moves committed outbox rows to the broker, oldest first."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.core.bus.ports import Broker
from ecoeco.core.db import Database, utcnow
from ecoeco.core.observability import metrics

log = logging.getLogger(__name__)


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
    ) -> None:
        self.db = db
        self.broker = broker
        self.service = service
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.wake = asyncio.Event()

    async def run_once(self) -> int:
        """Publish one batch; returns how many rows it published.

        On PostgreSQL the batch is locked (SKIP LOCKED) so several relays can run.
        SQLite has one relay per process and one writer at a time, so the batch is
        read, published and marked in separate short transactions.
        """
        if self.db.sqlite:
            async with self.db.session() as session:
                rows = list((await session.execute(self._batch())).scalars())
                envelopes = [self._envelope(row) for row in rows]
                seqs = [row.seq for row in rows]
            if seqs:
                await self.broker.publish(envelopes)
                async with self.db.transaction() as session:
                    await self._mark(session, seqs)
        else:
            async with self.db.transaction() as session:
                stmt = self._batch().with_for_update(skip_locked=True)
                rows = list((await session.execute(stmt)).scalars())
                seqs = [row.seq for row in rows]
                if seqs:
                    await self.broker.publish([self._envelope(row) for row in rows])
                    await self._mark(session, seqs)
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

    @staticmethod
    def _envelope(row: OutboxMessage) -> Envelope:
        return Envelope(
            id=row.message_id,
            type=row.type,
            payload=row.payload,
            occurred_at=row.created_at,
            trace_id=row.trace_id,
        )

    @staticmethod
    async def _mark(session: AsyncSession, seqs: list[int]) -> None:
        await session.execute(
            update(OutboxMessage).where(OutboxMessage.seq.in_(seqs)).values(published_at=utcnow())
        )

    async def drain(self) -> int:
        """Publish until nothing is left; returns the total."""
        total = 0
        while count := await self.run_once():
            total += count
        return total

    async def observe_backlog(self) -> None:
        """Update the backlog and age gauges."""
        async with self.db.session() as session:
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
        """Loop until cancelled: publish on commit notifications or every poll interval."""
        ticks = 0
        while True:
            try:
                published = await self.drain()
                ticks += 1
                if ticks % 10 == 0 or published:
                    await self.observe_backlog()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying")
                await asyncio.sleep(1.0)
            try:
                await asyncio.wait_for(self.wake.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                pass
            self.wake.clear()
