"""What the users service builds once per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from ecoeco.contracts.clients import AuthClient, CharacterClient, ChatClient, ScanClient
from ecoeco.core.bus.ports import Broker
from ecoeco.core.cache import Cache
from ecoeco.core.container import Container, runtime_of
from ecoeco.core.db import Database
from ecoeco.core.internal import ServiceLinks
from ecoeco.core.ratelimit import RateLimiter
from ecoeco.core.security.pseudonyms import erasure_key
from ecoeco.core.storage import ObjectStorage
from ecoeco.users.settings import UsersSettings


@dataclass(frozen=True)
class ExportClients:
    """The services an export gathers from, with the export's longer timeout."""

    auth: AuthClient
    scans: ScanClient
    characters: CharacterClient
    chat: ChatClient

    @classmethod
    def over(cls, links: ServiceLinks, timeout: float) -> ExportClients:
        """Clients over the process's links."""
        return cls(
            AuthClient(links, timeout=timeout),
            ScanClient(links, timeout=timeout),
            CharacterClient(links, timeout=timeout),
            ChatClient(links, timeout=timeout),
        )


@dataclass(frozen=True)
class UsersRuntime:
    """The cache (erasure markers, revocations), the object store, the scan client, and
    what erasure and retention reach beyond the users tables: the database and the broker."""

    settings: UsersSettings
    cache: Cache
    storage: ObjectStorage
    scans: ScanClient
    auth: AuthClient
    exports: ExportClients
    db: Database
    broker: Broker
    limiter: RateLimiter
    key: bytes
    """Keys the pseudonym in each deletion record."""


@asynccontextmanager
async def build(container: Container, settings: UsersSettings) -> AsyncIterator[UsersRuntime]:
    """The users runtime; nothing to release."""
    yield UsersRuntime(
        settings=settings,
        cache=container.cache,
        storage=container.storage,
        scans=ScanClient(container.links),
        auth=AuthClient(container.links),
        exports=ExportClients.over(container.links, settings.export_timeout_seconds),
        db=container.db,
        broker=container.broker,
        limiter=RateLimiter(container.cache, "users"),
        key=erasure_key(container.settings),
    )


UsersDep = Annotated[UsersRuntime, Depends(runtime_of(UsersRuntime))]
