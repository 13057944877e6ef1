"""First deliveries of several consumers applied in one transaction (the embedded broker).

One commit often hands work to several consumers at once: a scan's final round reaches
scan (`scan.finished`), users and character (`scan.completed`). Each in its own
transaction costs a session, the writer's BEGIN and COMMIT, and the pool's hand-offs,
also for a handler that writes nothing. Where every consumer said so for that event
type, they share one: each handler's work, its inbox row and its delivery row's removal,
all committed together, so a crash leaves every delivery to be retried as before.

If anything fails (a handler, a duplicate refused by the inbox key, a delivery already
gone), nothing is committed and the caller applies each delivery on its own, the usual
way: a failure there is retried and counted as it always was.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.orm import Session

from ecoeco.core.bus.deliveries import remove_all
from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.last_write import no_last_write
from ecoeco.core.bus.models import InboxRecord
from ecoeco.core.bus.ports import Handler, MessageContext
from ecoeco.core.bus.redaction import is_redacted
from ecoeco.core.db import Database, utcnow
from ecoeco.core.db.session import forget_after_commit, run_after_commit
from ecoeco.core.observability import metrics
from ecoeco.core.observability.context import request_id_scope
from ecoeco.core.observability.tracing import message_span

_RECORD = insert(InboxRecord)


def _record_remove_commit(
    session: Session, records: list[dict[str, object]], keys: list[tuple[int, str]]
) -> None:
    """The inbox rows and the delivery rows' removal (one statement each), then the
    commit: one hop into SQLAlchemy."""
    connection = session.connection()
    if records:
        connection.execute(_RECORD, records)
    remove_all(connection, keys)
    session.commit()


@dataclass(frozen=True)
class Joint:
    """One consumer's first delivery of one message, to apply with others."""

    consumer: str
    queue: str
    handler: Handler | None
    envelope: Envelope
    seq: int  # the delivery row's key


async def apply_together(db: Database, joints: list[Joint]) -> bool:
    """Run every handler, then record the inbox rows and remove the deliveries (one
    statement each), in one transaction. True when it committed; False when any of it
    failed (then nothing did)."""
    started = time.perf_counter()
    async with db.session() as session:
        no_last_write(session)  # one transaction for every consumer's work
        try:
            for joint in joints:
                envelope = joint.envelope
                if joint.handler is not None and not is_redacted(envelope.payload):
                    ctx = MessageContext(envelope=envelope, session=session, attempt=1)
                    with (
                        request_id_scope(envelope.trace_id),
                        message_span(envelope.type, envelope.id, envelope.trace_id),
                    ):
                        await joint.handler(ctx)
            now = utcnow()
            records = [  # as `apply_once`: a message with no handler is only removed
                {"consumer": j.consumer, "message_id": j.envelope.id, "processed_at": now}
                for j in joints
                if j.handler is not None
            ]
            keys = [(j.seq, j.envelope.id) for j in joints]
            await session.run_sync(_record_remove_commit, records, keys)
        except Exception:
            forget_after_commit(session)
            await session.rollback()
            return False
        except BaseException:
            forget_after_commit(session)
            await session.rollback()
            raise
        await run_after_commit(session)
    took = time.perf_counter() - started
    for joint in joints:
        metrics.MESSAGES_CONSUMED.labels(joint.queue).inc()
        metrics.MESSAGE_HANDLE_DURATION.labels(joint.queue).observe(took)
    return True
