"""Writing to the outbox: messages leave only after their transaction commits."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.event import Event
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.core.db.session import OUTBOX_PENDING
from ecoeco.core.observability.context import current_request_id


def publish(session: AsyncSession, event: Event) -> Envelope:
    """Stage an event in the caller's transaction; the relay sends it after commit."""
    envelope = Envelope.wrap(event, trace_id=current_request_id())
    session.add(OutboxMessage.of(envelope))
    session.info[OUTBOX_PENDING] = True
    return envelope
