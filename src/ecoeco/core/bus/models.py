"""Tables of the bus schema: outbox, inbox, in-process deliveries, dead letters."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.db.base import Base, utcnow

SCHEMA = "bus"
_KEPT = "_ecoeco_envelope"  # an OutboxMessage's own envelope (`OutboxMessage.of`)
SeqType = BigInteger().with_variant(Integer(), "sqlite")


class OutboxMessage(Base):
    """A message written in the same transaction as the change it announces."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_unpublished", "seq", postgresql_where="published_at IS NULL"),
        {"schema": SCHEMA},
    )

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(32), unique=True)
    type: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    trace_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(index=True)

    @classmethod
    def of(cls, envelope: Envelope) -> OutboxMessage:
        """The row of a message published here; it keeps the envelope (and the event in
        it) for `envelope`, so the fan-out and the messages applied where published do
        not build it again from the row."""
        row = cls(
            message_id=envelope.id,
            type=envelope.type,
            version=envelope.version,
            payload=envelope.payload,
            trace_id=envelope.trace_id,
            created_at=envelope.occurred_at,
        )
        row.__dict__[_KEPT] = envelope  # not a column: the ORM does not see it
        return row

    def envelope(self) -> Envelope:
        """The message as brokers carry it."""
        kept: Envelope | None = self.__dict__.get(_KEPT)
        if kept is not None:
            return kept
        return Envelope(
            id=self.message_id,
            type=self.type,
            version=self.version or 1,  # not yet flushed: the column default is 1
            payload=self.payload,
            occurred_at=self.created_at,
            trace_id=self.trace_id,
        )


class InboxRecord(Base):
    """Marks a message as applied by one consumer; its key makes redelivery harmless."""

    __tablename__ = "inbox"
    __table_args__ = {"schema": SCHEMA}

    consumer: Mapped[str] = mapped_column(String(50), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Delivery(Base):
    """A message waiting for one in-process consumer (the embedded broker's queue)."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_due", "consumer", "available_at"),
        {"schema": SCHEMA},
    )

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    consumer: Mapped[str] = mapped_column(String(50))
    message_id: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=0)
    available_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)


class DeadLetter(Base):
    """A message that failed every retry, kept for an operator to inspect."""

    __tablename__ = "dead_letters"
    __table_args__ = {"schema": SCHEMA}

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    consumer: Mapped[str] = mapped_column(String(50))
    message_id: Mapped[str] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
