"""Erasing a person from the messages the bus keeps, without breaking them.

A copy of an event about the person (an outbox row, a delivery waiting in the embedded
queue, a dead letter, a message parked in a retry or dead-letter queue) is rewritten
in place: optional fields go back to their defaults, required ones that name the person
become `REDACTED`, and the payload is marked. The copy still parses as its event (so a
replay or an operator's tools do not break on it), and the bus acknowledges a marked
message without running any handler: an erased person is never acted on again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import orjson
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.bus.models import DeadLetter, Delivery, OutboxMessage

REDACTED = "redacted"
MARK = "_redacted"

ShapeOf = Callable[[str], type[BaseModel] | None]
"""The payload model of an event type (None when the type is unknown)."""


def is_redacted(payload: dict[str, Any]) -> bool:
    """True for a payload that erasure rewrote: nobody acts on it."""
    return payload.get(MARK) is True


def mentions(value: Any, needles: Iterable[str]) -> bool:
    """True when any string inside `value` contains one of the needles."""
    wanted = [n for n in needles if n]
    if not wanted:
        return False
    if isinstance(value, str):
        return any(n in value for n in wanted)
    if isinstance(value, dict):
        return any(mentions(k, wanted) or mentions(v, wanted) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(mentions(v, wanted) for v in value)
    return False


def redact_payload(
    payload: dict[str, Any], model: type[BaseModel] | None, needles: Iterable[str]
) -> dict[str, Any]:
    """The payload with nothing of the person left, still valid for `model`."""
    wanted = list(needles)
    redacted: dict[str, Any] = {MARK: True}
    if model is None:  # an event nobody here knows: keep nothing of it
        return redacted
    for name, field in model.model_fields.items():
        if name not in payload:
            continue
        value = payload[name]
        if not field.is_required():
            redacted[name] = field.get_default(call_default_factory=True)
        elif mentions(value, wanted):
            redacted[name] = REDACTED
        else:
            redacted[name] = value
    return redacted


def redact_envelope_json(
    body: str, shape_of: ShapeOf, needles: Iterable[str], *, keep: Iterable[str] = ()
) -> str | None:
    """A serialized envelope redacted, or None when it does not concern the person
    (or is of a type in `keep`: messages that must still reach their consumers)."""
    wanted = list(needles)
    if not any(n in body for n in wanted if n):
        return None
    try:
        envelope = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(envelope, dict) or envelope.get("type") in set(keep):
        return None
    payload = envelope.get("payload")
    if not isinstance(payload, dict) or is_redacted(payload) or not mentions(payload, wanted):
        return None
    envelope["payload"] = redact_payload(payload, shape_of(str(envelope.get("type"))), wanted)
    return orjson.dumps(envelope).decode()


async def redact_outbox_rows(
    session: AsyncSession,
    shape_of: ShapeOf,
    user_id: str,
    needles: Iterable[str] = (),
    *,
    keep: Iterable[str] = (),
) -> int:
    """Redact every outbox row about the person (published or not: the broker holds
    its own copies of what was published), in the caller's transaction. Unpublished
    rows of the `keep` types stay: they have yet to reach their consumers.

    The rows are locked first. A relay publishes a batch and marks it published in one
    transaction, and a consumer may handle the message before that commits; without the
    lock the erasure's own row would read as unpublished, be kept, and hold the person's
    id until retention. Locked, the read waits for the relay and sees the row published.
    """
    wanted = [user_id, *needles]
    kept = set(keep)
    changed = 0
    about = OutboxMessage.payload["user_id"].as_string() == user_id
    query = select(OutboxMessage).where(about).order_by(OutboxMessage.seq).with_for_update()
    rows = (await session.execute(query)).scalars().all()
    for row in rows:
        if is_redacted(row.payload) or (row.published_at is None and row.type in kept):
            continue
        row.payload = redact_payload(row.payload, shape_of(row.type), wanted)
        changed += 1
    await session.flush()
    return changed


async def redact_stored_messages(
    session: AsyncSession, shape_of: ShapeOf, user_id: str, *, keep: Iterable[str] = ()
) -> int:
    """Redact the person from the serialized messages the database keeps: deliveries
    waiting in the embedded queue and dead letters (whichever broker parked them)."""
    kept = tuple(keep)
    changed = 0
    for model in (Delivery, DeadLetter):
        found = select(model.seq, model.body).where(model.body.contains(user_id, autoescape=True))
        for seq, body in (await session.execute(found)).all():
            new = redact_envelope_json(body, shape_of, [user_id], keep=kept)
            if new is not None:
                await session.execute(update(model).where(model.seq == seq).values(body=new))
                changed += 1
    return changed
