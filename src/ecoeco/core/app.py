"""The app factory: one FastAPI app for any set of services and workers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from ecoeco import __version__
from ecoeco.core.bus.relay import OutboxRelay
from ecoeco.core.container import Container, ServiceModule
from ecoeco.core.handlers import install_error_handlers
from ecoeco.core.health import health_router
from ecoeco.core.observability import metrics
from ecoeco.core.observability.middleware import ObservabilityMiddleware
from ecoeco.core.observability.tracing import setup_tracing, shutdown_tracing

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"


class Runtime:
    """Starts and stops what a process runs besides HTTP: consumers, relay, schedules."""

    def __init__(
        self,
        container: Container,
        hosted: Sequence[ServiceModule],
        registry: Sequence[ServiceModule],
        *,
        scheduled: Sequence[ServiceModule],
        run_consumers: bool = True,
    ) -> None:
        self.container = container
        self.hosted = list(hosted)
        self.registry = list(registry)
        self.scheduled = list(scheduled)
        self.run_consumers = run_consumers
        self.relay: OutboxRelay | None = None
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Connect everything, then start consumers, the relay and scheduled jobs."""
        c = self.container
        await c.db.start()
        topology = [s for m in self.registry if (s := m.subscription()) is not None]
        await c.broker.start(topology)
        for module in self.hosted:
            for hook in module.on_startup:
                await hook(c)
        if self.run_consumers:
            for module in self.hosted:
                sub = module.subscription()
                if sub is not None:
                    await c.broker.consume(sub)
        self.relay = OutboxRelay(
            c.db, c.broker, service=c.label, poll_seconds=c.settings.outbox_poll_seconds
        )
        relay = self.relay
        c.db.on_outbox_commit(relay.wake.set)
        self._tasks.append(asyncio.create_task(relay.run_forever(), name="outbox-relay"))
        for module in self.scheduled:
            for job in module.scheduled:
                self._tasks.append(asyncio.create_task(job(c), name=f"{module.name}-job"))
        mode = "embedded" if c.settings.embedded else "distributed"
        metrics.BUILD_INFO.labels(__version__, mode).set(1)

    async def stop(self) -> None:
        """Cancel background work and close connections."""
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        c = self.container
        for module in reversed(self.hosted):
            for hook in module.on_shutdown:
                await hook(c)
        await c.broker.stop()
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
    hosted: Sequence[ServiceModule],
    registry: Sequence[ServiceModule] | None = None,
    *,
    scheduled: Sequence[ServiceModule] | None = None,
    run_consumers: bool = True,
    title: str = "EcoEco API",
) -> FastAPI:
    """Build the ASGI app for the hosted modules.

    `registry` is every known module (for the broker topology); `scheduled` the
    modules whose scheduled jobs this process runs (default: the hosted ones).
    """
    runtime = Runtime(
        container,
        hosted,
        registry if registry is not None else hosted,
        scheduled=hosted if scheduled is None else scheduled,
        run_consumers=run_consumers,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()
            shutdown_tracing()

    app = FastAPI(
        title=title,
        version=__version__,
        lifespan=lifespan,
        description="EcoEco (이코에코): how to dispose of each item of waste in Korea.",
    )
    app.state.container = container
    container.extras["asgi_app"] = app
    app.state.runtime = runtime
    install_error_handlers(app)
    app.include_router(_summaries_from_docstrings(health_router()))
    for module in hosted:
        if module.router is not None:
            app.include_router(_summaries_from_docstrings(module.router), prefix=API_PREFIX)
        if module.root_router is not None:
            app.include_router(_summaries_from_docstrings(module.root_router))
    app.add_middleware(ObservabilityMiddleware, service=container.label, api_prefix=API_PREFIX)
    setup_tracing(app, container.label, container.settings.otlp_endpoint)
    return app
