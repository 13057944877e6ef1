"""What a broker is, and what a message handler receives."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.db.session import Database, after_commit


@dataclass
class MessageContext:
    """One delivery: the envelope, the session of its transaction, the attempt number.

    The bus commits the session together with the inbox row; a handler only flushes
    (or ends with `write_last`, which carries the inbox row), and registers with
    `after_commit` what must happen once its work is durable (announcing a final
    status, say). Those run only if the commit succeeds.
    """

    envelope: Envelope
    session: AsyncSession
    attempt: int = 1
    # The broker has no sign of an earlier delivery (a first attempt, not redelivered):
    # what one might have left behind (a remembered result) is not worth looking for.
    # False for a retry, a redelivery, or when the broker cannot tell.
    fresh: bool = False

    def after_commit(self, action: Callable[[], Awaitable[None]]) -> None:
        """Run `action` after the handler's transaction commits (never if it rolls back)."""
        after_commit(self.session, action)


Handler = Callable[[MessageContext], Awaitable[None]]
Rewrite = Callable[[str], str | None]


@dataclass(frozen=True)
class Subscription:
    """A consumer (one per service or worker) and the handler for each event type.

    `events` are the routing keys its queue is bound to (by default the handlers' keys;
    a topology-only subscription names them without handlers). `together` are the event
    types whose handlers use only this session and quick in-process calls: a broker may
    apply their first delivery in one transaction with other consumers' (the embedded one
    does, `ecoeco.core.bus.together`).
    """

    consumer: str
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    concurrency: int = 4
    events: frozenset[str] = frozenset()
    together: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.events:
            object.__setattr__(self, "events", frozenset(self.handlers))

    @property
    def queue(self) -> str:
        """The durable queue this consumer reads."""
        return f"ecoeco.{self.consumer}"


class Broker(Protocol):
    """Carries envelopes from the relay to consumers."""

    async def start(self, topology: list[Subscription]) -> None:
        """Connect and declare the queues every known consumer needs."""

    async def stop(self) -> None:
        """Stop consuming and close connections."""

    async def publish(self, envelopes: list[Envelope]) -> None:
        """Deliver durably; returns only when the broker has accepted all of them."""

    async def consume(self, subscription: Subscription) -> None:
        """Start delivering this consumer's messages to its handlers."""

    async def ping(self) -> None:
        """Raise when the broker is unreachable."""

    async def rewrite_parked(self, rewrite: Rewrite) -> int:
        """Pass every message the broker keeps waiting (for a consumer, a retry, or an
        operator: dead letters) through `rewrite`, which returns a new serialized
        envelope or None to keep it; returns how many were rewritten."""


@runtime_checkable
class StagingBroker(Protocol):
    """A broker whose queues are tables: publishing is rows in the caller's transaction.

    The relay publishes a batch and marks it published in that one transaction, so no
    consumer can handle a message while its outbox row still reads as unpublished.
    """

    def stages_in(self, db: Database) -> bool:
        """True when this broker's queues are in `db`."""
        ...

    def stage(self, session: AsyncSession, envelopes: list[Envelope]) -> None:
        """Add the deliveries of `envelopes` to the caller's transaction."""
        ...
