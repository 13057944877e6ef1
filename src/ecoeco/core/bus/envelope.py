"""The envelope every message travels in."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any, TypeVar

import orjson
from pydantic import BaseModel, Field, PrivateAttr

from ecoeco.core.bus.event import Event
from ecoeco.core.db.base import new_id, utcnow

EventT = TypeVar("EventT", bound=Event)


class Envelope(BaseModel):
    """A message: id for idempotence, type for routing, payload and its version, trace id.

    An envelope made in this process by `wrap` keeps the event it was made from, and one
    opened keeps the event read: every later `open` of it (each consumer the message is
    applied to where it was published, `ecoeco.core.bus.inline`) returns that event
    instead of validating the payload again. Events are frozen. Two envelopes are equal
    when their fields are, whatever they keep.
    """

    id: str = Field(default_factory=new_id)
    type: str
    version: int = 1  # envelopes written before versions existed are version 1
    payload: dict[str, Any]
    occurred_at: datetime = Field(default_factory=utcnow)
    trace_id: str | None = None
    _wrapped: Event | None = PrivateAttr(default=None)  # the payload is its JSON dump
    _opened: Event | None = PrivateAttr(default=None)  # read from the payload by `open`

    @classmethod
    def wrap(cls, event: Event, trace_id: str | None = None) -> Envelope:
        """Put an event in a new envelope."""
        envelope = cls(
            type=event.TYPE,
            version=event.VERSION,
            payload=event.model_dump(mode="json"),
            trace_id=trace_id,
        )
        envelope._kept()["_wrapped"] = event
        return envelope

    def _kept(self) -> dict[str, Any]:
        # The private attributes' own dict: read and written directly, as BaseModel's
        # attribute hooks for them are Python code a few times slower than the rest here.
        kept = self.__pydantic_private__
        if kept is None:  # pragma: no cover - pydantic makes it for models with any
            kept = self.__pydantic_private__ = {}
        return kept

    def open(self, model: builtins.type[EventT]) -> EventT:
        """Read the payload as the given event type (any version the model still reads)."""
        if model.TYPE != self.type:
            raise ValueError(f"envelope holds {self.type}, not {model.TYPE}")
        kept = self._kept()
        wrapped = kept.get("_wrapped")
        if type(wrapped) is model:
            return wrapped  # exactly `model`
        opened = kept.get("_opened")
        if type(opened) is model:
            return opened
        event: EventT = model.read(self.payload, self.version)
        kept["_opened"] = event
        return event

    def dump_of(self, event: Event) -> dict[str, Any] | None:
        """The payload when it is `event`'s own JSON dump (`wrap` made this envelope from
        it), else None: a payload read from elsewhere may hold what `event` dropped."""
        return self.payload if event is self._kept().get("_wrapped") else None

    def to_bytes(self) -> bytes:
        """Serialise to JSON bytes (a payload is JSON already: orjson writes it as is)."""
        fields = {
            "id": self.id,
            "type": self.type,
            "version": self.version,
            "payload": self.payload,
            "occurred_at": self.occurred_at,
            "trace_id": self.trace_id,
        }
        try:  # the datetime as pydantic writes it: RFC 3339, "Z" for UTC
            return orjson.dumps(fields, option=orjson.OPT_UTC_Z)
        except TypeError:  # something in the payload orjson does not know: pydantic's way
            return orjson.dumps(self.model_dump(mode="json"))

    @classmethod
    def from_bytes(cls, raw: bytes) -> Envelope:
        """Parse JSON bytes; raises ValueError on garbage."""
        return cls.model_validate_json(raw)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Envelope):
            return NotImplemented
        return self.__dict__ == other.__dict__
