"""The app factory: one FastAPI app for any set of services and workers."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Protocol

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from ecoeco import __version__
from ecoeco.core import cpu
from ecoeco.core.admission import AdmissionLimit
from ecoeco.core.bus.ports import Subscription
from ecoeco.core.bus.relay import OutboxRelay
from ecoeco.core.collector import raise_young_threshold, restore_threshold
from ecoeco.core.container import Container, Runtimes, Started
from ecoeco.core.cors import add_cors
from ecoeco.core.edge import EdgeMiddleware, edge_limits, internal_hosts
from ecoeco.core.handlers import install_error_handlers
from ecoeco.core.health import health_router
from ecoeco.core.observability import metrics
from ecoeco.core.observability.middleware import ObservabilityMiddleware
from ecoeco.core.observability.tracing import setup_tracing, shutdown_tracing
from ecoeco.core.openapi import docs_router, install_openapi, operation_id
from ecoeco.core.paths import API_PREFIX
from ecoeco.core.route_guard import guard_included_routers
from ecoeco.core.web import BrowserSecurityMiddleware

log = logging.getLogger(__name__)
# How long shutdown waits for cancelled background tasks before it names them and goes on.
STOP_SECONDS = 10.0

__all__ = ["API_PREFIX", "Lifecycle", "create_app"]


class Startable(Protocol):
    """A hosted module whose runtime the process builds at start-up (`container.Hosted`)."""

    @property
    def name(self) -> str: ...

    @property
    def router(self) -> APIRouter | None: ...

    @property
    def root_router(self) -> APIRouter | None: ...

    @property
    def docs_router(self) -> APIRouter | None: ...

    def topology(self) -> Subscription | None: ...

    async def start(self, container: Container, stack: AsyncExitStack) -> Started: ...


class Declares(Protocol):
    """Any module known to the process: its queue (for the broker topology), its jobs."""

    @property
    def name(self) -> str: ...

    @property
    def scheduled(self) -> Sequence[object]: ...

    def topology(self) -> Subscription | None: ...


class Lifecycle:
    """Starts and stops what a process runs besides HTTP: runtimes, consumers, relay, jobs."""

    def __init__(
        self,
        container: Container,
        hosted: Sequence[Startable],
        registry: Sequence[Declares],
        *,
        scheduled: Sequence[Startable],
        run_consumers: bool = True,
    ) -> None:
        self.container = container
        self.hosted = list(hosted)
        self.registry = list(registry)
        self.scheduled = list(scheduled)
        self.run_consumers = run_consumers
        self.runtimes = Runtimes()
        self.relay: OutboxRelay | None = None
        self._stack = AsyncExitStack()
        self._tasks: list[asyncio.Task[None]] = []
        self._holds_collector = False  # `start` froze the heap and raised the threshold

    async def start(self) -> None:
        """Connect, build every runtime once, then start consumers, the relay and jobs."""
        c = self.container
        cpu.configure(c.settings.cpu_threads)
        await c.db.start()
        topology = [s for m in self.registry if (s := m.topology()) is not None]
        await c.broker.start(topology)
        started: dict[str, Started] = {}
        for module in [*self.hosted, *self.scheduled]:
            if module.name not in started:
                built = await module.start(c, self._stack)
                started[module.name] = built
                self.runtimes.add(built.runtime)
        if self.run_consumers:
            for module in self.hosted:
                sub = started[module.name].subscription
                if sub is not None:
                    await c.broker.consume(sub)
        self.relay = OutboxRelay(
            c.db,
            c.broker,
            service=c.label,
            poll_seconds=c.settings.outbox_poll_seconds,
            observe_seconds=c.settings.outbox_observe_seconds,
        )
        relay = self.relay
        c.db.on_outbox_commit(relay.wake.set)
        self._tasks.append(asyncio.create_task(relay.run_forever(), name="outbox-relay"))
        for module in self.scheduled:
            for job in started[module.name].jobs:
                self._tasks.append(asyncio.create_task(job(), name=f"{module.name}-job"))
        self._tasks.append(asyncio.create_task(self._sample_pool(), name="pool-gauges"))
        mode = "embedded" if c.settings.embedded else "distributed"
        metrics.BUILD_INFO.labels(__version__, mode).set(1)
        # What start-up built (models, the knowledge base, routes, runtimes) lives as long
        # as the process: keep it out of the collector's full passes, each of which
        # otherwise walks every one of those objects (a stall of about 0.1 s, every few
        # seconds under load). `stop` hands them back.
        gc.freeze()
        raise_young_threshold()
        self._holds_collector = True

    async def _sample_pool(self, every: float = 5.0) -> None:
        """Keep the connection-pool gauges current (scrapes no longer reach the app)."""
        c = self.container
        while True:
            try:
                in_use, size = c.db.pool_status()
                metrics.DB_POOL_IN_USE.labels(c.label).set(in_use)
                metrics.DB_POOL_SIZE.labels(c.label).set(size)
            except RuntimeError:
                pass
            await asyncio.sleep(every)

    async def stop(self) -> None:
        """Cancel background work, stop consuming, release the runtimes, close connections.

        Whatever of it raises, the collector is handed back as `start` found it.
        """
        try:
            await self._stop()
        finally:
            if self._holds_collector:
                self._holds_collector = False
                gc.unfreeze()
                restore_threshold()

    async def _stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            # A task stuck where cancellation cannot reach it (a broker call during a
            # reconnect, say) must not hold the shutdown hostage: name it and move on.
            _, stuck = await asyncio.wait(self._tasks, timeout=STOP_SECONDS)
            for task in stuck:
                log.warning(
                    "background task %s did not stop in %.0f s", task.get_name(), STOP_SECONDS
                )
        self._tasks.clear()
        c = self.container
        await c.broker.stop()
        await self._stack.aclose()
        self.runtimes.clear()
        await c.db.stop()
        await c.close()


def _summaries_from_docstrings(router: APIRouter) -> APIRouter:
    """An endpoint's one-line docstring is its OpenAPI summary."""
    for route in router.routes:
        if isinstance(route, APIRoute) and route.summary is None and route.endpoint.__doc__:
            route.summary = route.endpoint.__doc__.strip().splitlines()[0].rstrip(".")
    return router


def create_app(
    container: Container,
    hosted: Sequence[Startable],
    registry: Sequence[Declares],
    *,
    scheduled: Sequence[Startable] | None = None,
    run_consumers: bool = True,
    title: str = "EcoEco API",
) -> FastAPI:
    """Build the ASGI app for the hosted modules.

    `registry` is every known module (for the broker topology); `scheduled` the
    modules whose scheduled jobs this process runs (default: the hosted ones).
    """
    lifecycle = Lifecycle(
        container,
        hosted,
        registry,
        scheduled=hosted if scheduled is None else scheduled,
        run_consumers=run_consumers,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await lifecycle.start()
        try:
            yield
        finally:
            await lifecycle.stop()
            shutdown_tracing()

    docs = container.settings.docs_enabled  # ECOECO_DOCS; off in production by default
    app = FastAPI(
        title=title,
        version=__version__,
        lifespan=lifespan,
        description="EcoEco (이코에코): how to dispose of each item of waste in Korea.",
        openapi_url="/openapi.json" if docs else None,
        docs_url=None,  # self-hosted below (docs_router), and only where docs are on
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    app.state.container = container
    app.state.lifecycle = lifecycle
    app.state.runtimes = lifecycle.runtimes
    container.links.attach(app)
    install_error_handlers(app)
    install_openapi(app)
    if docs:
        app.include_router(docs_router(title))
    app.include_router(_summaries_from_docstrings(health_router()))
    for module in hosted:
        if module.router is not None:
            app.include_router(_summaries_from_docstrings(module.router), prefix=API_PREFIX)
        if module.root_router is not None:
            app.include_router(_summaries_from_docstrings(module.root_router))
        if docs and module.docs_router is not None:
            app.include_router(_summaries_from_docstrings(module.docs_router))
    guard_included_routers(app.router)
    app.add_middleware(
        EdgeMiddleware,
        limits=edge_limits(container.settings),
        internal_hosts=internal_hosts(container.settings),
    )
    app.add_middleware(BrowserSecurityMiddleware)
    settings = container.settings
    app.add_middleware(
        AdmissionLimit,
        service=container.label,
        max_in_flight=settings.admission_max_in_flight,
        max_wait=settings.admission_max_wait_seconds,
        max_queue=settings.admission_max_queue,
    )
    app.add_middleware(ObservabilityMiddleware, service=container.label, api_prefix=API_PREFIX)
    add_cors(app, container.settings.allowed_web_origins)  # preflights end here
    # Outermost: everything inside (limits, logs, audit) sees the real caller's address.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=container.settings.trusted_proxies)
    setup_tracing(app, container.label, container.settings.otlp_endpoint)
    return app
