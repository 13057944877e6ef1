"""The envelope every message travels in."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, Field

from ecoeco.core.bus.event import Event
from ecoeco.core.db.base import new_id, utcnow

EventT = TypeVar("EventT", bound=Event)


class Envelope(BaseModel):
    """A message: id for idempotence, type for routing, payload and its version, trace id."""

    id: str = Field(default_factory=new_id)
    type: str
    version: int = 1  # envelopes written before versions existed are version 1
    payload: dict[str, Any]
    occurred_at: datetime = Field(default_factory=utcnow)
    trace_id: str | None = None

    @classmethod
    def wrap(cls, event: Event, trace_id: str | None = None) -> Envelope:
        """Put an event in a new envelope."""
        return cls(
            type=event.TYPE,
            version=event.VERSION,
            payload=event.model_dump(mode="json"),
            trace_id=trace_id,
        )

    def open(self, model: builtins.type[EventT]) -> EventT:
        """Read the payload as the given event type (any version the model still reads)."""
        if model.TYPE != self.type:
            raise ValueError(f"envelope holds {self.type}, not {model.TYPE}")
        event: EventT = model.read(self.payload, self.version)
        return event

    def to_bytes(self) -> bytes:
        """Serialise to JSON bytes."""
        return orjson.dumps(self.model_dump(mode="json"))

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        """Parse JSON bytes; raises ValueError on garbage."""
        return cls.model_validate_json(raw)
