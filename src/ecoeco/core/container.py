"""What a process is made of: the adapters (`Container`) and the services it hosts.

The composition root chooses the adapters and pairs each `ServiceModule` with the
builder of its runtime (`Hosted`). At start-up every hosted runtime is built once;
endpoints receive it through `runtime_of(Type)`, handlers and scheduled jobs as an
argument. Nothing is looked up by a string.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from fastapi import APIRouter
from starlette.requests import HTTPConnection

from ecoeco.core.batch import Batcher
from ecoeco.core.bus.ports import Broker, Handler, MessageContext, Subscription
from ecoeco.core.cache import Cache
from ecoeco.core.db import Database
from ecoeco.core.events import EventHub
from ecoeco.core.http import HttpClients
from ecoeco.core.internal import ServiceLinks
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenVerifier
from ecoeco.core.settings import CoreSettings
from ecoeco.core.storage import ObjectStorage

R = TypeVar("R")

EventHandler = Callable[[MessageContext, R], Awaitable[None]]
"""Applies one event, given the consuming service's runtime."""

Job = Callable[[R], Coroutine[Any, Any, None]]
"""A scheduled job (runs until cancelled), given its service's runtime."""

Builder = Callable[["Container"], AbstractAsyncContextManager[R]]
"""Builds a service's runtime at start-up and releases it at shutdown."""


@dataclass
class Container:
    """The adapters one process uses; nothing connects until the app starts."""

    settings: CoreSettings
    db: Database
    cache: Cache
    hub: EventHub
    batcher: Batcher
    """Cache entries and hub events written together (one round trip on Redis)."""
    storage: ObjectStorage
    broker: Broker
    verifier: TokenVerifier
    signing_keys: list[SigningKey]
    links: ServiceLinks
    label: str
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    http: HttpClients = field(default_factory=HttpClients)
    """The process's pooled HTTP clients (internal calls, JWKS, OAuth, LLM, news)."""

    async def close(self) -> None:
        """Release clients created by the composition root."""
        for closer in reversed(self.closers):
            await closer()
        self.closers.clear()
        await self.http.aclose()


@dataclass(frozen=True)
class ServiceModule(Generic[R]):
    """What a service or worker contributes to a process, typed by its runtime `R`."""

    name: str
    runtime: type[R]
    router: APIRouter | None = None
    root_router: APIRouter | None = None
    docs_router: APIRouter | None = None  # API documents: only where ECOECO_DOCS is on
    handlers: Mapping[str, EventHandler[R]] = field(default_factory=dict)
    concurrency: int = 4
    scheduled: Sequence[Job[R]] = ()
    together: frozenset[str] = frozenset()  # see `Subscription.together`

    def topology(self) -> Subscription | None:
        """The queue this module consumes from, for the broker to declare."""
        if not self.handlers:
            return None
        return Subscription(
            self.name, concurrency=self.concurrency, events=frozenset(self.handlers)
        )

    def subscription(self, runtime: R) -> Subscription | None:
        """The consumer this module runs, its handlers bound to the runtime."""
        if not self.handlers:
            return None
        bound = {event: _bind(handler, runtime) for event, handler in self.handlers.items()}
        return Subscription(self.name, bound, self.concurrency, together=self.together)


def _bind(handler: EventHandler[R], runtime: R) -> Handler:
    async def handle(ctx: MessageContext) -> None:
        await handler(ctx, runtime)

    handle.__name__ = getattr(handler, "__name__", "handler")
    return handle


@dataclass(frozen=True)
class Started:
    """A hosted module with its runtime built."""

    name: str
    runtime: object
    subscription: Subscription | None
    jobs: Sequence[Callable[[], Coroutine[Any, Any, None]]]


@dataclass(frozen=True)
class Hosted(Generic[R]):
    """A module and the builder the composition root chose for its runtime."""

    module: ServiceModule[R]
    build: Builder[R]

    @property
    def name(self) -> str:
        """The module's name."""
        return self.module.name

    @property
    def router(self) -> APIRouter | None:
        """Routes under the API prefix."""
        return self.module.router

    @property
    def root_router(self) -> APIRouter | None:
        """Routes at the root (well-known documents)."""
        return self.module.root_router

    @property
    def docs_router(self) -> APIRouter | None:
        """API documents at the root, served only where docs are on (`ECOECO_DOCS`)."""
        return self.module.docs_router

    def topology(self) -> Subscription | None:
        """The queue to declare for this module."""
        return self.module.topology()

    async def start(self, container: Container, stack: AsyncExitStack) -> Started:
        """Build the runtime (released when `stack` closes) and bind handlers and jobs."""
        runtime = await stack.enter_async_context(self.build(container))
        jobs = [functools.partial(job, runtime) for job in self.module.scheduled]
        return Started(self.name, runtime, self.module.subscription(runtime), jobs)


class Runtimes:
    """The runtimes built at start-up, one per hosted service, found by their type."""

    def __init__(self) -> None:
        self._built: dict[type, object] = {}

    def add(self, runtime: object) -> None:
        """Register a built runtime."""
        self._built[type(runtime)] = runtime

    def clear(self) -> None:
        """Forget every runtime (at shutdown)."""
        self._built.clear()

    def get(self, kind: type[R]) -> R:
        """The runtime of that type; fails loudly when this process does not host it."""
        found = self._built.get(kind)
        if not isinstance(found, kind):
            raise RuntimeError(f"{kind.__name__} is not built in this process")
        return found


def hosted(connection: HTTPConnection, kind: type[R]) -> R:
    """The app's hosted runtime of type `kind` (what `runtime_of`'s dependency answers)."""
    runtimes: Runtimes = connection.app.state.runtimes
    return runtimes.get(kind)


def runtime_of(kind: type[R]) -> Callable[[HTTPConnection], Awaitable[R]]:
    """A FastAPI dependency answering the hosted runtime of type `kind`."""

    # async: FastAPI runs a plain-function dependency in its thread pool (a hop per request).
    async def dependency(connection: HTTPConnection) -> R:
        return hosted(connection, kind)

    dependency.__name__ = f"{kind.__name__}_dependency"
    return dependency
