"""Messages applied in the transaction that published them (the embedded broker).

A delivery's handler that publishes a message whose every consumer takes that type
together (`Subscription.together`: handlers that use only the session and quick
in-process calls) and is served by this process needs no delivery rows for it: the
consumers' handlers run in the publishing transaction, after the publisher's own, each
with its inbox row. A scan's ai round publishes `scan.finished` and `scan.completed`;
their three consumers used to take them in a transaction of their own, after delivery
rows written, handed over, read back and removed.

The message (its outbox row, published), the publisher's work and every consumer's work
commit together, or none of them does: a crash leaves the publisher's delivery to be
retried, and the retry publishes anew. A consumer's handler never sees the message twice.

The consumers' work sits in a savepoint. If any of it fails, the savepoint is rolled back,
their after-commit actions are dropped, and the message is queued as before (its delivery
rows written in the same transaction), to be applied, retried and parked on its own; the
publisher's work commits as it would have.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from ecoeco.core.bus.apply import INBOX_ROWS
from ecoeco.core.bus.deliveries import INLINE, WOKEN, Written, write_deliveries
from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.core.bus.ports import MessageContext, Subscription
from ecoeco.core.bus.redaction import is_redacted
from ecoeco.core.db import utcnow
from ecoeco.core.db.session import AFTER_COMMIT, after_commit
from ecoeco.core.observability import metrics
from ecoeco.core.observability.context import request_id_scope
from ecoeco.core.observability.tracing import message_span

log = logging.getLogger(__name__)

Found = list[tuple[Envelope, list[Subscription]]]


def inline_messages(
    session: AsyncSession, routes: Mapping[str, Sequence[str]], subs: Mapping[str, Subscription]
) -> Found:
    """The messages staged in this session (not yet written) that every consumer of takes
    together and this process serves, with those consumers."""
    found: Found = []
    for row in session.new:
        if not isinstance(row, OutboxMessage) or row.published_at is not None:
            continue
        consumers = routes.get(row.type)
        if not consumers:
            continue
        group = [subs.get(consumer) for consumer in consumers]
        served = [sub for sub in group if sub is not None and row.type in sub.together]
        if len(served) == len(group):
            found.append((row.envelope(), served))
    return found


async def apply_inline(
    session: AsyncSession, routes: Mapping[str, Sequence[str]], subs: Mapping[str, Subscription]
) -> None:
    """Apply, in this session's transaction, the messages it staged that `inline_messages`
    finds; queue them as usual if that fails (see the module)."""
    found = inline_messages(session, routes, subs)
    if not found:
        return
    inline: set[str] = session.info.setdefault(INLINE, set())
    inline.update(envelope.id for envelope, _ in found)
    await session.flush()  # the publisher's writes: its outbox rows, without these deliveries
    actions = list(session.info.get(AFTER_COMMIT, ()))
    applied: list[str] = []
    try:
        async with session.begin_nested():
            now = utcnow()
            records: list[dict[str, object]] = []
            for envelope, group in found:
                for sub in group:
                    handler = sub.handlers.get(envelope.type)
                    if handler is None:
                        continue  # bound without a handler: nothing to apply or record
                    if not is_redacted(envelope.payload):
                        ctx = MessageContext(envelope=envelope, session=session, fresh=True)
                        with (
                            request_id_scope(envelope.trace_id),
                            message_span(envelope.type, envelope.id, envelope.trace_id),
                        ):
                            await handler(ctx)
                    records.append(
                        {"consumer": sub.consumer, "message_id": envelope.id, "processed_at": now}
                    )
                    applied.append(sub.queue)
    except Exception as exc:
        log.warning("applying %d message(s) where published failed: %r", len(found), exc)
        session.info[AFTER_COMMIT] = actions  # the consumers' work is void, so are those
        inline.difference_update(envelope.id for envelope, _ in found)
        await session.run_sync(_queue, [(env, [s.consumer for s in group]) for env, group in found])
        return
    # With the publisher's own inbox row, in its INSERT (`apply_once`): the savepoint is
    # released, so they are as much of the transaction as the consumers' work.
    session.info.setdefault(INBOX_ROWS, []).extend(records)

    async def count() -> None:
        for queue in applied:
            metrics.MESSAGES_CONSUMED.labels(queue).inc()

    after_commit(session, count)


def _queue(session: Session, routed: list[tuple[Envelope, list[str]]]) -> None:
    """Write the messages' deliveries (their outbox rows are written), to hand over."""
    written: list[Written] = write_deliveries(session.connection(), routed)
    session.info.setdefault(WOKEN, []).extend(written)
