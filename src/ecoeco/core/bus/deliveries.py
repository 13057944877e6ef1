"""The embedded broker's tables: writing deliveries, reading the due ones, parking failures.

A delivery is its key *and* its message: SQLite gives a deleted row's key to the next
new row, and a delivery handed over by a transaction that then rolled back (to a
savepoint) names a row that never was.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.models import DeadLetter, Delivery, OutboxMessage
from ecoeco.core.bus.ports import Rewrite, Subscription
from ecoeco.core.db import Database, utcnow
from ecoeco.core.observability import metrics

# Built once: a statement's construction costs more than its (cached) compilation.
_REMOVE = delete(Delivery).where(
    Delivery.seq == bindparam("seq"), Delivery.message_id == bindparam("message_id")
)
# The fan-out writes its rows past the ORM's unit of work: plain INSERTs, one statement
# for all the deliveries. SQLite returns their keys in no promised order, so each comes
# back with its consumer and message (a pair a fan-out writes once, or twice for the same
# body: then either key serves).
_OUTBOX = insert(OutboxMessage)
_DELIVERIES = insert(Delivery).returning(Delivery.seq, Delivery.consumer, Delivery.message_id)

WOKEN = "ecoeco.bus.woken"  # session.info: deliveries written in this transaction
INLINE = "ecoeco.bus.inline"  # session.info: messages applied where published (no deliveries)

Due = tuple[int, str, str, int]  # a delivery's key, message id, body and attempts so far


class Written(NamedTuple):
    """A delivery row a transaction wrote (the fields of `Delivery` the handoff reads)."""

    consumer: str
    seq: int | None
    message_id: str
    body: str
    type: str


class Gone(Exception):
    """The delivery row is not there (applied meanwhile, or never committed)."""


def write_fan_out(session: Session, routes: Mapping[str, Sequence[str]]) -> list[Written]:
    """Write the outbox rows this flush would write (already published) and their
    deliveries as plain INSERTs, and take the rows out of the unit of work. A message
    applied in this transaction (`INLINE`, `ecoeco.core.bus.inline`) gets no deliveries."""
    pending = [
        row for row in session.new if isinstance(row, OutboxMessage) and row.published_at is None
    ]
    if not pending:
        return []
    inline: set[str] = session.info.get(INLINE, set())
    now = utcnow()
    messages: list[dict[str, object]] = []
    routed: list[tuple[Envelope, Sequence[str]]] = []
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
        consumers = routes.get(row.type, ())
        if consumers and row.message_id not in inline:
            routed.append((envelope, consumers))
    connection = session.connection()
    connection.execute(_OUTBOX, messages)
    return write_deliveries(connection, routed)


def write_deliveries(
    connection: Connection, routed: Sequence[tuple[Envelope, Sequence[str]]]
) -> list[Written]:
    """One delivery row per message and consumer, in one statement; the rows written."""
    deliveries: list[dict[str, object]] = []
    kinds: list[str] = []
    for envelope, consumers in routed:
        body = envelope.to_bytes().decode()
        deliveries += [{"consumer": c, "message_id": envelope.id, "body": body} for c in consumers]
        kinds += [envelope.type] * len(consumers)
    if not deliveries:
        return []
    keys: dict[tuple[str, str], list[int]] = {}
    for seq, consumer, message_id in connection.execute(_DELIVERIES, deliveries):
        keys.setdefault((consumer, message_id), []).append(seq)
    return [
        Written(consumer, keys[(consumer, message_id)].pop(), message_id, str(d["body"]), kind)
        for d, kind in zip(deliveries, kinds, strict=True)
        for consumer, message_id in [(str(d["consumer"]), str(d["message_id"]))]
    ]


def remover(seq: int, message_id: str) -> Callable[[Connection], None]:
    """Deletes exactly this delivery row on the caller's transaction's connection (a plain
    statement, no ORM state), or raises `Gone` (rolling the handler's work back with it)."""

    def remove(connection: Connection) -> None:
        remove_all(connection, [(seq, message_id)])

    return remove


def remove_all(connection: Connection, keys: Sequence[tuple[int, str]]) -> None:
    """Delete exactly these delivery rows (key, message id) in one statement, or raise
    `Gone` when any of them is not there."""
    params = [{"seq": seq, "message_id": message_id} for seq, message_id in keys]
    removed = connection.execute(_REMOVE, params[0] if len(params) == 1 else params)
    if removed.rowcount != len(keys):
        raise Gone()


async def due(db: Database, consumer: str, *, exclude: set[int], limit: int) -> list[Due]:
    """Due deliveries this consumer is not running yet, oldest first.

    The keys come first and the bodies only of the new ones: under load most due
    rows are the ones already running.
    """
    async with db.read_session() as session:
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


async def park_or_delay(
    db: Database,
    sub: Subscription,
    seq: int,
    message_id: str,
    body: str,
    attempts: int,
    error: str,
    *,
    max_retries: int,
    base_seconds: float,
) -> float | None:
    """After a failed attempt: a dead letter past `max_retries` (None), else the delivery
    due again after an exponential back-off, which is returned."""
    this = (Delivery.seq == seq, Delivery.message_id == message_id)
    async with db.transaction() as session:
        if attempts > max_retries:
            gone = await session.execute(delete(Delivery).where(*this))
            if getattr(gone, "rowcount", 1) != 1:
                return None  # not a delivery that exists: nothing to park
            session.add(
                DeadLetter(consumer=sub.consumer, message_id=message_id, body=body, error=error)
            )
            metrics.MESSAGES_DEAD_LETTERED.labels(sub.queue).inc()
            return None
        delay: float = base_seconds * 2.0 ** (attempts - 1)
        await session.execute(
            update(Delivery)
            .where(*this)
            .values(
                attempts=attempts,
                available_at=utcnow() + timedelta(seconds=delay),
                last_error=error,
            )
        )
    return delay


async def rewrite_parked(db: Database, rewrite: Rewrite) -> int:
    """Rewrite waiting deliveries and dead letters in place."""
    changed = 0
    for model in (Delivery, DeadLetter):
        async with db.transaction() as session:
            rows = (await session.execute(select(model.seq, model.body))).all()
            for seq, body in rows:
                new = rewrite(body)
                if new is not None:
                    await session.execute(update(model).where(model.seq == seq).values(body=new))
                    changed += 1
    return changed
