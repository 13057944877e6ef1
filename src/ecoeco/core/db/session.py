"""Engine and session lifecycle; the edge of a request or message commits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from ecoeco.core.db.base import schemas

OUTBOX_PENDING = "ecoeco.outbox_pending"


def is_sqlite(url: str) -> bool:
    """True for a SQLite URL."""
    return url.startswith("sqlite")


def translate_map(url: str) -> dict[str | None, str | None] | None:
    """On SQLite every service schema folds into the one database file."""
    if not is_sqlite(url):
        return None
    return {name: None for name in schemas()}


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself instead of pysqlite.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """Create an async engine with the dialect's sensible options."""
    options: dict[str, Any] = {}
    mapping = translate_map(url)
    if mapping is not None:
        options["execution_options"] = {"schema_translate_map": mapping}
        options["connect_args"] = {"timeout": 30}
    else:
        options.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
        options.update(pool_recycle=1800, pool_timeout=5)
        if url.startswith("postgresql+asyncpg"):
            # Fail fast when the server is gone, and never wait forever on a lock or on a
            # transaction someone left open: those become errors (a 503), not hangs.
            options["connect_args"] = {
                "timeout": 5,
                "command_timeout": 30,
                "server_settings": {
                    "lock_timeout": "10000",
                    "idle_in_transaction_session_timeout": "60000",
                },
            }
    engine = create_async_engine(url, **options)
    if mapping is not None:
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_begin_immediate(conn: Any) -> None:
    # Take the write lock up front so concurrent writers queue instead of failing.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """Owns the engine and hands out sessions; created in the lifespan, not at import."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.pool_size = pool_size
        self._engine: AsyncEngine | None = None
        self._sessions: async_sessionmaker[AsyncSession] | None = None
        self._commit_listeners: list[Callable[[], None]] = []

    def on_outbox_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` after any commit that wrote to the outbox."""
        self._commit_listeners.append(callback)

    def _after_commit(self, session: Session) -> None:
        if session.info.pop(OUTBOX_PENDING, False):
            for callback in self._commit_listeners:
                callback()

    @property
    def engine(self) -> AsyncEngine:
        """The engine; fails loudly before `start`."""
        if self._engine is None:
            raise RuntimeError("Database.start() has not run")
        return self._engine

    @property
    def sqlite(self) -> bool:
        """True when backed by SQLite."""
        return is_sqlite(self.url)

    async def start(self) -> None:
        """Create the engine and session factory."""
        if self._engine is None:
            self._engine = make_engine(self.url, pool_size=self.pool_size)
            session_class = type("EcoecoSession", (Session,), {})
            event.listen(session_class, "after_commit", self._after_commit)
            self._sessions = async_sessionmaker(
                self._engine, expire_on_commit=False, sync_session_class=session_class
            )

    async def stop(self) -> None:
        """Dispose of every pooled connection."""
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None
            self._sessions = None

    def session(self) -> AsyncSession:
        """A new session; the caller commits or lets it roll back."""
        if self._sessions is None:
            raise RuntimeError("Database.start() has not run")
        return self._sessions()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commit on success, roll back on any error."""
        async with self.session() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def ping(self) -> None:
        """Run a trivial query; raises when the database is unreachable."""
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    def pool_status(self) -> tuple[int, int]:
        """Connections checked out and pool size (0, 0 when unknown)."""
        pool = self.engine.pool
        checked_out = getattr(pool, "checkedout", None)
        size = getattr(pool, "size", None)
        if callable(checked_out) and callable(size):
            return int(checked_out()), int(size())
        return 0, 0
