"""The adapters one process uses, chosen by the composition root."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter

from ecoeco.core.bus.ports import Broker, Handler, Subscription
from ecoeco.core.cache import Cache
from ecoeco.core.db import Database
from ecoeco.core.events import EventHub
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenVerifier
from ecoeco.core.settings import CoreSettings
from ecoeco.core.storage import ObjectStorage

Hook = Callable[["Container"], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class ServiceModule:
    """What a service or worker contributes to a process."""

    name: str
    router: APIRouter | None = None
    root_router: APIRouter | None = None
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    concurrency: int = 4
    on_startup: Sequence[Hook] = ()
    on_shutdown: Sequence[Hook] = ()
    scheduled: Sequence[Hook] = ()

    def subscription(self) -> Subscription | None:
        """The consumer this module runs, if it handles any event."""
        if not self.handlers:
            return None
        return Subscription(self.name, self.handlers, self.concurrency)


@dataclass
class Container:
    """Everything a handler or endpoint may need; nothing connects until `start`."""

    settings: CoreSettings
    db: Database
    cache: Cache
    hub: EventHub
    storage: ObjectStorage
    broker: Broker
    verifier: TokenVerifier
    signing_keys: list[SigningKey]
    label: str
    extras: dict[str, Any] = field(default_factory=dict)
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def close(self) -> None:
        """Release clients created by the composition root."""
        for closer in reversed(self.closers):
            await closer()
        self.closers.clear()
