"""Fixtures: databases (SQLite and real PostgreSQL), apps on either backend, a test signer."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI
from pydantic_settings import BaseSettings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ecoeco.composition import Shared, compose
from ecoeco.core.cache import Cache
from ecoeco.core.container import Container, Runtimes
from ecoeco.core.db import Database
from ecoeco.core.db.base import Base
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.core.settings import CoreSettings
from ecoeco.location.settings import LocationSettings
from ecoeco.migrations import upgrade
from tests.broker_cleanup import delete_topology
from tests.servers import AMQP_URL, POSTGRES_URL, REDIS_URL, available, need
from tests.timeout_dump import pytest_runtest_call, remember_loop


@pytest.fixture(scope="session", autouse=True)
async def _dump_tasks_on_timeout() -> None:
    """Let a test that is about to time out print the await chain of every task."""
    remember_loop(asyncio.get_running_loop())


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    """The key the test signer uses; apps under test trust it."""
    return SigningKey.generate()


@pytest.fixture(scope="session")
def signer(signing_key: SigningKey) -> TokenSigner:
    """Stands in for the auth service: issues tokens every service accepts."""
    defaults = CoreSettings()
    return TokenSigner([signing_key], issuer=defaults.jwt_issuer, audience=defaults.jwt_audience)


def auth_header(
    signer: TokenSigner, user_id: str | None = None, scopes: list[str] | None = None
) -> dict[str, str]:
    """An Authorization header for a (new) user."""
    token = signer.issue(user_id or uuid.uuid4().hex[:26], scopes or ["user"]).token
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on loopback, speaking the real S3 protocol, for the whole session."""
    from tests.stack import S3Server

    server = S3Server.start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test that needs a database."""
    path = tmp_path_factory.mktemp("sqlite-template") / "ecoeco.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
async def sqlite_db(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[Database]:
    """A started database on this test's own copy of the migrated SQLite file."""
    shutil.copy(sqlite_template, tmp_path / "ecoeco.db")
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'ecoeco.db'}")
    await database.start()
    yield database
    await database.stop()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session."""
    need("postgres", "postgis")
    name = f"ecoeco_test_{uuid.uuid4().hex[:10]}"
    admin = POSTGRES_URL

    async def run(sql: str) -> None:
        engine = create_async_engine(admin, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(sql))
        await engine.dispose()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def truncate_all(url: str) -> None:
    """Empty every table of every service (PostgreSQL), keeping the schema."""
    tables = ", ".join(f'"{t.schema}"."{t.name}"' for t in Base.metadata.sorted_tables if t.schema)
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        # A connection the app leaked would make this wait forever; fail loudly instead.
        await conn.execute(text("SET LOCAL lock_timeout = '30s'"))
        await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()


@dataclass
class Backend:
    """Where an app under test keeps its state."""

    name: str
    settings: CoreSettings


@pytest.fixture(params=["sqlite", "postgres"])
def backend(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Backend]:
    """Embedded (SQLite, in-process) or distributed (PostgreSQL, Redis, RabbitMQ) adapters."""
    unique = uuid.uuid4().hex[:10]
    if request.param == "sqlite":
        shutil.copy(sqlite_template, tmp_path / "ecoeco.db")
        settings = CoreSettings(data_dir=tmp_path, env="test", bus_retry_base_seconds=0.05)
        yield Backend("sqlite", settings)
        return
    need("postgres", "redis", "rabbitmq")
    url = request.getfixturevalue("postgres_url")
    settings = CoreSettings(
        data_dir=tmp_path,
        env="test",
        database_url=url,
        redis_url=REDIS_URL,
        redis_namespace=f"test:{unique}:",
        amqp_url=AMQP_URL,
        amqp_prefix=f"test.{unique}.",
        bus_retry_base_seconds=0.05,
    )
    yield Backend("postgres", settings)
    _run_sync(truncate_all(url))
    _run_sync(delete_topology(settings.amqp_prefix))


def _run_sync(coro: Awaitable[None]) -> None:
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(coro)
    finally:
        loop.close()


R = TypeVar("R")


@dataclass
class RunningApp:
    """An app with its lifespan running and a client bound to it."""

    client: httpx.AsyncClient
    container: Container
    app: FastAPI

    def runtime(self, kind: type[R]) -> R:
        """The runtime a hosted service built at start-up."""
        runtimes: Runtimes = self.app.state.runtimes
        return runtimes.get(kind)


AppFactory = Callable[..., Any]


@pytest.fixture(scope="session")
def shared(request: pytest.FixtureRequest) -> Shared:
    """One set of models for every app of the session (as one process would hold them).

    The embedding vectors are kept between runs in pytest's cache. The knowledge index
    is built here, once, so every app searches with it from its first request (an index
    still building would make search results depend on timing).
    """
    shared = Shared(Path(request.config.cache.mkdir("chat-embeddings")))
    shared.index.build()
    return shared


# What apps under test do unless a test passes its own settings of that class: no
# 3,000-place demo set in every embedded app (tests/e2e/location loads it on purpose).
TEST_DEFAULTS: tuple[BaseSettings, ...] = (LocationSettings(demo_on_first_start=False),)


@pytest.fixture
def app_factory(backend: Backend, signing_key: SigningKey, shared: Shared) -> AppFactory:
    """Start an app hosting the named modules (all by default) on the backend.

    `settings` are service settings objects (e.g. `AuthSettings(...)`) used instead of the
    environment; `core` replaces the backend's core settings (same backend, say, plus
    neighbours' URLs); `cache` replaces the cache adapter (a fake, or another app's).
    Scheduled jobs do not run.
    """

    @asynccontextmanager
    async def start(
        names: list[str] | None = None,
        *,
        settings: Sequence[BaseSettings] = (),
        core: CoreSettings | None = None,
        cache: Cache | None = None,
    ) -> AsyncIterator[RunningApp]:
        given = {type(s) for s in settings}
        defaults = [s for s in TEST_DEFAULTS if type(s) not in given]
        app = compose(
            core or backend.settings,
            names,
            label="test",
            service_settings=[*defaults, *settings],
            shared=shared,
            signing_keys=[signing_key],
            scheduled=False,
            cache=cache,
        )
        container: Container = app.state.container
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                yield RunningApp(client, container, app)

    return start


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 10.0) -> None:
    """Wait until `check` is true; fail after `timeout` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        if await check():
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


__all__ = [
    "AMQP_URL",
    "REDIS_URL",
    "auth_header",
    "available",
    "eventually",
    "pytest_runtest_call",
]
