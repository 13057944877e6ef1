"""What the auth service builds once per process: signer, limiter, the revocation keeper."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends

from ecoeco.auth import sessions
from ecoeco.auth.errors import ProviderNotConfigured
from ecoeco.auth.providers import OAuthProvider
from ecoeco.auth.settings import AuthSettings
from ecoeco.core.cache import Cache
from ecoeco.core.container import Container, runtime_of
from ecoeco.core.db import Database
from ecoeco.core.http import HttpClients
from ecoeco.core.ratelimit import RateLimiter
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.core.settings import Environment

log = logging.getLogger(__name__)


@dataclass
class AuthRuntime:
    """What the auth service builds once per process."""

    settings: AuthSettings
    env: Environment
    signing: Callable[[], TokenSigner]  # only processes that hold the private key sign
    cache: Cache
    limiter: RateLimiter
    http: HttpClients  # the process's pooled clients (the providers' endpoints)
    db: Database  # for the retention job; requests use their own session
    web_origins: list[str] = field(default_factory=list)  # the OAuth redirect allow-list

    @functools.cached_property
    def signer(self) -> TokenSigner:
        """The access-token signer (the relay, which only runs auth's retention job, has
        no private key and never asks for it)."""
        return self.signing()

    def provider(self, name: str) -> OAuthProvider:
        """A configured provider; 404 otherwise."""
        config = self.settings.provider(name)
        if config is None:
            raise ProviderNotConfigured(f"login with {name!r} is not available")
        return OAuthProvider(
            name, config, self.http, timeout=self.settings.provider_timeout_seconds
        )

    @property
    def dev_login_allowed(self) -> bool:
        """Whether the dev provider answers here (never in production)."""
        return self.settings.dev_login_allowed(self.env)


@asynccontextmanager
async def build(
    container: Container, settings: AuthSettings, *, serving: bool = True
) -> AsyncIterator[AuthRuntime]:
    """Build the signer and limiter, restore the blacklist, and keep it restored.

    A process that hosts auth only for its scheduled jobs (`serving=False`: the relay)
    checks no tokens, so it neither restores nor keeps the blacklist.
    """
    core = container.settings
    runtime = AuthRuntime(
        settings=settings,
        env=core.env,
        signing=functools.partial(
            TokenSigner,
            container.signing_keys,
            issuer=core.jwt_issuer,
            audience=core.jwt_audience,
            ttl=settings.access_ttl_seconds,
        ),
        cache=container.cache,
        limiter=RateLimiter(container.cache, "auth"),
        http=container.http,
        db=container.db,
        web_origins=container.settings.allowed_web_origins,
    )
    if not serving:
        yield runtime
        return
    _ = runtime.signer  # a serving process without a private key fails at start-up
    await sessions.restore_revocations(container.db, container.cache)
    keeper = asyncio.create_task(_keep_revocations(container.db, container.cache, settings))
    try:
        yield runtime
    finally:
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper


async def _keep_revocations(db: Database, cache: Cache, settings: AuthSettings) -> None:
    while True:
        await asyncio.sleep(settings.revocation_sync_seconds)
        try:
            restored = await sessions.restore_revocations(db, cache)
            if restored:
                log.warning("restored %d token revocations into the cache", restored)
        except Exception:
            log.exception("could not restore token revocations")


AuthDep = Annotated[AuthRuntime, Depends(runtime_of(AuthRuntime))]
