"""How long the bus keeps what it carried: published outbox rows, inbox records and dead
letters are deleted after their retention, in small batches so no lock is held long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.bus.models import DeadLetter, InboxRecord, OutboxMessage
from ecoeco.core.db import Database, utcnow
from ecoeco.core.db.retention import BATCH, delete_in_batches, rowcount
from ecoeco.core.observability import metrics


@dataclass(frozen=True)
class Retention:
    """Days each kind of row is kept."""

    outbox_days: float = 7.0
    inbox_days: float = 7.0
    dead_letter_days: float = 30.0


@dataclass(frozen=True)
class Purged:
    """Rows deleted by one run, per table."""

    outbox: int = 0
    inbox: int = 0
    dead_letters: int = 0


async def _outbox_batch(session: AsyncSession, before: datetime) -> int:
    doomed = (
        select(OutboxMessage.seq)
        .where(OutboxMessage.published_at.is_not(None), OutboxMessage.published_at < before)
        .limit(BATCH)
    )
    result = await session.execute(delete(OutboxMessage).where(OutboxMessage.seq.in_(doomed)))
    return rowcount(result)


async def _inbox_batch(session: AsyncSession, before: datetime) -> int:
    doomed = (
        select(InboxRecord.consumer, InboxRecord.message_id)
        .where(InboxRecord.processed_at < before)
        .limit(BATCH)
    )
    key: ColumnElement[tuple[str, str]] = tuple_(InboxRecord.consumer, InboxRecord.message_id)
    result = await session.execute(delete(InboxRecord).where(key.in_(doomed)))
    return rowcount(result)


async def _dead_letter_batch(session: AsyncSession, before: datetime) -> int:
    doomed = select(DeadLetter.seq).where(DeadLetter.created_at < before).limit(BATCH)
    result = await session.execute(delete(DeadLetter).where(DeadLetter.seq.in_(doomed)))
    return rowcount(result)


async def purge(
    db: Database, retention: Retention, *, service: str, now: datetime | None = None
) -> Purged:
    """Delete what is past its retention; each batch is its own short transaction."""
    now = now or utcnow()
    counts: dict[str, int] = {}
    for table, batch, days in (
        ("outbox", _outbox_batch, retention.outbox_days),
        ("inbox", _inbox_batch, retention.inbox_days),
        ("dead_letters", _dead_letter_batch, retention.dead_letter_days),
    ):
        total = await delete_in_batches(db, batch, now - timedelta(days=days))
        metrics.RETENTION_PURGED.labels(table).inc(total)
        counts[table] = total
    metrics.RETENTION_LAST_RUN.labels(service).set(utcnow().timestamp())
    return Purged(counts["outbox"], counts["inbox"], counts["dead_letters"])
