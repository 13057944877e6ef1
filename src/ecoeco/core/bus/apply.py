"""Applying one message exactly once per consumer: handler and inbox commit together."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from sqlalchemy import Connection, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.last_write import no_last_write, stage_inbox, write_last, written_last
from ecoeco.core.bus.models import InboxRecord
from ecoeco.core.bus.ports import Handler, MessageContext
from ecoeco.core.bus.redaction import is_redacted
from ecoeco.core.db import Database, utcnow
from ecoeco.core.db.session import forget_after_commit, run_after_commit
from ecoeco.core.observability import metrics
from ecoeco.core.observability.context import request_id_scope
from ecoeco.core.observability.tracing import message_span

log = logging.getLogger(__name__)


async def _nothing(_ctx: MessageContext) -> None:
    return None


# Built once: a statement's construction costs more than its (cached) compilation.
_APPLIED = select(InboxRecord.message_id).where(
    InboxRecord.consumer == bindparam("consumer"), InboxRecord.message_id == bindparam("id")
)
_RECORD = insert(InboxRecord)
# session.info: more inbox rows to write with the message's own, in its INSERT (the rows of
# the consumers that applied, in this transaction, a message it published: `bus.inline`)
INBOX_ROWS = "ecoeco.bus.inbox_rows"


Also = Callable[[Connection], None]  # more of the transaction, on its connection


def _record_and_commit(session: Session, consumer: str, message_id: str, also: Also | None) -> None:
    """The inbox row (and `INBOX_ROWS`, in the same statement), then `also`, then the
    commit (flushing whatever the handler staged)."""
    connection = session.connection()
    row = {"consumer": consumer, "message_id": message_id, "processed_at": utcnow()}
    more: list[dict[str, object]] = session.info.pop(INBOX_ROWS, [])
    connection.execute(_RECORD, [row, *more] if more else row)
    if also is not None:
        also(connection)
    session.commit()


def _on_connection(session: Session, also: Also) -> None:
    also(session.connection())


async def _alone(db: Database, also: Also) -> None:
    """`also` in a transaction of its own (a redelivery is acknowledged)."""
    async with db.transaction() as session:
        await session.run_sync(_on_connection, also)


async def already_applied(db: Database, consumer: str, message_id: str) -> bool:
    """True when this consumer has committed this message before."""
    async with db.read_session() as session:
        found = await session.execute(_APPLIED, {"consumer": consumer, "id": message_id})
        return found.first() is not None


async def apply_once(
    db: Database,
    consumer: str,
    handler: Handler,
    envelope: Envelope,
    *,
    attempt: int = 1,
    queue: str | None = None,
    also: Also | None = None,
    look_first: bool = True,
    before_commit: Callable[[AsyncSession], Awaitable[None]] | None = None,
) -> bool:
    """Run the handler and record the message in one transaction (or one statement:
    `ecoeco.core.bus.last_write`).

    Returns False when the message had already been applied (a redelivery).
    Raises whatever the handler raised; nothing of its work is then committed.
    `also` runs in the same transaction (the embedded broker deletes its delivery row),
    and so does `before_commit`, right after the handler (the embedded broker applies
    there the messages the handler published, `ecoeco.core.bus.inline`).

    `look_first` reads the inbox before running the handler, so a redelivery does not
    redo its work. A broker that knows a delivery is the message's first passes False:
    the inbox row's key still refuses a duplicate at the commit (which rolls the
    handler's writes back), and every message saves a read.
    """
    label = queue or f"ecoeco.{consumer}"
    if is_redacted(envelope.payload):  # about an erased person: acknowledged, never acted on
        handler = _nothing
    if look_first and await already_applied(db, consumer, envelope.id):
        if also is not None:
            await _alone(db, also)
        return False
    started = time.perf_counter()
    with (
        request_id_scope(envelope.trace_id),
        message_span(envelope.type, envelope.id, envelope.trace_id),
    ):
        async with db.session() as session:
            if also is None:
                stage_inbox(session, consumer, envelope.id)
            else:
                no_last_write(session)  # `also` belongs in the transaction
            ctx = MessageContext(
                envelope=envelope, session=session, attempt=attempt, fresh=not look_first
            )
            try:
                await handler(ctx)
                if before_commit is not None:
                    await before_commit(session)
                # Where the handler's last write did not carry the inbox row already:
                # with the outbox rows it staged, in one autocommitted statement when it
                # ran no statement itself (`write_last`), else a plain INSERT on the
                # transaction's connection, past the ORM's unit of work. Either way the
                # key refuses a duplicate, and nothing of the handler's work is written
                # without the row.
                if also is None and not written_last(session):
                    await write_last(session)
                if written_last(session):
                    await session.commit()
                else:  # the inbox row, `also` and the commit: one hop into SQLAlchemy
                    await session.run_sync(_record_and_commit, consumer, envelope.id, also)
            except IntegrityError:
                forget_after_commit(session)
                await session.rollback()
                if await already_applied(db, consumer, envelope.id):
                    log.info("message %s already applied by %s", envelope.id, consumer)
                    if also is not None:
                        await _alone(db, also)
                    return False
                metrics.MESSAGES_FAILED.labels(label).inc()
                raise
            except BaseException:
                forget_after_commit(session)
                await session.rollback()
                metrics.MESSAGES_FAILED.labels(label).inc()
                raise
            await run_after_commit(session)
    metrics.MESSAGES_CONSUMED.labels(label).inc()
    metrics.MESSAGE_HANDLE_DURATION.labels(label).observe(time.perf_counter() - started)
    return True
