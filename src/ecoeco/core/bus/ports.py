"""What a broker is, and what a message handler receives."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.bus.envelope import Envelope


@dataclass
class MessageContext:
    """One delivery: the envelope, the session of its transaction, and the container."""

    envelope: Envelope
    session: AsyncSession
    container: Any
    attempt: int = 1


Handler = Callable[[MessageContext], Awaitable[None]]


@dataclass(frozen=True)
class Subscription:
    """A consumer (one per service or worker) and the handler for each event type."""

    consumer: str
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    concurrency: int = 4

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
