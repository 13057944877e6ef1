"""Erasure beyond the users tables: the copies the bus keeps, and how long it keeps them.

On `user.deleted` the users service (the one that announced it) redacts the person from
the outbox, the embedded queue and the dead letters in the handler's transaction, then
from the broker's retry and dead-letter queues once that has committed. Redacted copies
still parse as their events and are acknowledged without being acted on.
"""

from __future__ import annotations

import logging

from ecoeco.contracts.events import EVENT_TYPES, UserDeleted
from ecoeco.core.bus import MessageContext
from ecoeco.core.bus.event import Event
from ecoeco.core.bus.redaction import (
    redact_envelope_json,
    redact_outbox_rows,
    redact_stored_messages,
)
from ecoeco.core.bus.retention import Purged, purge
from ecoeco.core.observability import metrics
from ecoeco.core.schedule import once_per_interval
from ecoeco.users.runtime import UsersRuntime

log = logging.getLogger(__name__)

RETENTION_LOCK = "users:retention:lock"
KEEP = (UserDeleted.TYPE,)  # the erasure itself still has to reach every consumer


def _shape(event_type: str) -> type[Event] | None:
    return EVENT_TYPES.get(event_type)


async def redact_bus_copies(ctx: MessageContext, runtime: UsersRuntime, user_id: str) -> None:
    """Redact the person from every message the bus keeps (tables now, queues after commit)."""
    outbox = await redact_outbox_rows(ctx.session, _shape, user_id, keep=KEEP)
    stored = await redact_stored_messages(ctx.session, _shape, user_id, keep=KEEP)

    async def queues() -> None:
        parked = await runtime.broker.rewrite_parked(
            lambda body: redact_envelope_json(body, _shape, [user_id], keep=KEEP)
        )
        metrics.ERASURE_REDACTED.labels("outbox").inc(outbox)
        metrics.ERASURE_REDACTED.labels("queued").inc(stored + parked)

    ctx.after_commit(queues)


async def purge_once(runtime: UsersRuntime) -> Purged:
    """Delete published outbox rows, inbox records and dead letters past their retention."""
    return await purge(runtime.db, runtime.settings.retention(), service="users")


async def purge_forever(runtime: UsersRuntime) -> None:
    """The scheduled retention job: one run per interval across every replica."""

    async def run() -> None:
        purged = await purge_once(runtime)
        log.info(
            "retention purge: %d outbox, %d inbox, %d dead letters",
            purged.outbox,
            purged.inbox,
            purged.dead_letters,
        )

    interval = runtime.settings.retention_interval_seconds
    await once_per_interval("retention purge", runtime.cache, RETENTION_LOCK, interval, run)
