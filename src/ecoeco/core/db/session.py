"""Engine and session lifecycle; the edge of a request or message commits."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from ecoeco.core.db.base import json_dumps, json_loads
from ecoeco.core.db.sqlite import is_sqlite, reader_engine, translate_map, writer_engine

OUTBOX_PENDING = "ecoeco.outbox_pending"
# Set by `Database.session` where a unit of work may end in one autocommitted statement
# (`ecoeco.core.bus.last_write`): a server database, no flush hooks. Its value is the
# autocommitting engine (same pool) to send it on. A session made any other way never has it.
ONE_STATEMENT = "ecoeco.one_statement"
BEGUN = "ecoeco.begun"  # a connection joined the session's transaction (a statement ran)
LAST_WRITTEN = "ecoeco.last_written"  # the unit of work's last write is committed
SessionHook = Callable[[Session], None]

__all__ = [
    "BEGUN",
    "LAST_WRITTEN",
    "ONE_STATEMENT",
    "OUTBOX_PENDING",
    "Database",
    "after_commit",
    "committing",
    "is_sqlite",
    "make_engine",
    "translate_map",
]

AFTER_COMMIT = "ecoeco.after_commit"

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[None]]


def after_commit(session: AsyncSession, action: AfterCommit) -> None:
    """Run `action` once the session's transaction has committed; never if it rolls back.

    For side effects outside the database that must not happen for work that did not
    stick: a cache entry, an SSE announcement, a metric. They run in registration order,
    best effort (the work is already committed; a failing action is logged).
    """
    session.info.setdefault(AFTER_COMMIT, []).append(action)


def forget_after_commit(session: AsyncSession) -> None:
    """Drop the actions of a transaction that rolled back."""
    session.info.pop(AFTER_COMMIT, None)


async def run_after_commit(session: AsyncSession) -> None:
    """Run (and forget) the actions registered for the transaction that just committed."""
    actions: list[AfterCommit] = session.info.pop(AFTER_COMMIT, [])
    for action in actions:
        try:
            await action()
        except Exception:
            log.exception("an after-commit action failed")


@asynccontextmanager
async def committing(opened: AsyncSession) -> AsyncIterator[AsyncSession]:
    """Use `opened` for one unit of work: commit on success (then run its after-commit
    actions), roll back on any error."""
    async with opened as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            forget_after_commit(session)
            await session.rollback()
            raise
        await run_after_commit(session)


def make_engine(
    url: str, *, pool_size: int = 20, max_overflow: int = 0, pool_timeout: float = 5.0
) -> AsyncEngine:
    """Create an async engine with the dialect's sensible options.

    A server database gets at most `pool_size + max_overflow` connections; a request
    that finds them all busy waits `pool_timeout` seconds, then fails as unavailable
    (503), rather than queueing without bound. The pool opens connections on demand and
    keeps up to `pool_size` of them; an overflow connection is closed when it is
    returned, so every burst past `pool_size` opens it again (a PostgreSQL backend fork
    and an authentication each time). Hence overflow 0 by default: the whole budget is
    `pool_size`. SQLite gets its single writer connection (see `ecoeco.core.db.sqlite`).
    """
    if is_sqlite(url):
        return writer_engine(url, wait_seconds=max(pool_timeout, 10.0))
    options: dict[str, Any] = {}
    # No pre-ping: it costs a round trip on every checkout. A connection found dead when
    # used (the server restarted) fails that one request (503) and invalidates every
    # older connection of the pool, so the next requests connect afresh.
    # LIFO: the most recently returned connection serves the next checkout, so a light
    # load reuses the few connections whose prepared statements are already cached, and
    # the ones a burst opened wait idle (kept, not closed) for the next burst.
    options.update(pool_size=pool_size, max_overflow=max_overflow, pool_use_lifo=True)
    options.update(pool_recycle=1800, pool_timeout=pool_timeout)
    options.update(json_serializer=json_dumps, json_deserializer=json_loads)
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
    return create_async_engine(url, **options)


class Database:
    """Owns the engine and hands out sessions; created in the lifespan, not at import."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 20,
        max_overflow: int = 0,
        pool_timeout: float = 5.0,
    ) -> None:
        self.url = url
        self.pool_size = pool_size
        self.max_overflow = max_overflow
        self.pool_timeout = pool_timeout
        self._engine: AsyncEngine | None = None
        self._read_engine: AsyncEngine | None = None
        self._autocommit: AsyncEngine | None = None  # a server database's, same pool
        self._sessions: async_sessionmaker[AsyncSession] | None = None
        self._read_sessions: async_sessionmaker[AsyncSession] | None = None
        self._commit_listeners: list[Callable[[], None]] = []
        self._flush_hooks: list[SessionHook] = []
        self._commit_hooks: list[SessionHook] = []
        self._rollback_hooks: list[SessionHook] = []

    def on_outbox_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` after any commit that wrote to the outbox."""
        self._commit_listeners.append(callback)

    def before_flush(self, hook: SessionHook) -> None:
        """Run `hook(session)` before each flush of a writing session (it may add rows)."""
        self._flush_hooks.append(hook)

    def after_commit(self, hook: SessionHook) -> None:
        """Run `hook(session)` after each commit."""
        self._commit_hooks.append(hook)

    def after_rollback(self, hook: SessionHook) -> None:
        """Run `hook(session)` after each rollback, a savepoint's included."""
        self._rollback_hooks.append(hook)

    def remove_hooks(self, *hooks: SessionHook) -> None:
        """Forget hooks added with `before_flush`, `after_commit` or `after_rollback`."""
        self._flush_hooks[:] = [h for h in self._flush_hooks if h not in hooks]
        self._commit_hooks[:] = [h for h in self._commit_hooks if h not in hooks]
        self._rollback_hooks[:] = [h for h in self._rollback_hooks if h not in hooks]

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        if session.info.get(LAST_WRITTEN):
            raise RuntimeError("a write after the unit of work's last one (write_last)")
        for hook in self._flush_hooks:
            hook(session)

    def _after_commit(self, session: Session) -> None:
        for hook in self._commit_hooks:
            hook(session)
        if session.info.pop(OUTBOX_PENDING, False):
            for callback in self._commit_listeners:
                callback()

    @staticmethod
    def _after_begin(session: Session, _transaction: Any, _connection: Any) -> None:
        session.info[BEGUN] = True

    def _after_rollback(self, session: Session, _previous: Any) -> None:
        for hook in self._rollback_hooks:
            hook(session)

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
        """Create the engines and session factories."""
        if self._engine is None:
            self._engine = make_engine(
                self.url,
                pool_size=self.pool_size,
                max_overflow=self.max_overflow,
                pool_timeout=self.pool_timeout,
            )
            session_class = type("EcoecoSession", (Session,), {})
            event.listen(session_class, "before_flush", self._before_flush)
            event.listen(session_class, "after_commit", self._after_commit)
            event.listen(session_class, "after_soft_rollback", self._after_rollback)
            event.listen(session_class, "after_begin", self._after_begin)
            self._sessions = async_sessionmaker(
                self._engine, expire_on_commit=False, sync_session_class=session_class
            )
            # A server database reads outside explicit transactions: no BEGIN and COMMIT
            # round trips (under READ COMMITTED each statement sees a fresh snapshot
            # anyway). Same pool as the writers.
            reader = self._engine.execution_options(isolation_level="AUTOCOMMIT")
            self._read_sessions = async_sessionmaker(reader, expire_on_commit=False)
            self._autocommit = None if self.sqlite else reader
            if self.sqlite:
                async with self._engine.connect():  # the writer puts the file in WAL mode
                    pass
                self._read_engine = reader_engine(self.url)
                self._read_sessions = async_sessionmaker(self._read_engine, expire_on_commit=False)

    async def stop(self) -> None:
        """Dispose of every pooled connection."""
        for engine in (self._read_engine, self._engine):
            if engine is not None:
                await engine.dispose()
        self._engine = self._read_engine = self._autocommit = None
        self._sessions = self._read_sessions = None

    def session(self) -> AsyncSession:
        """A new session that may write; the caller commits or lets it roll back.

        On SQLite it holds the one writer connection from its first statement to its
        commit or rollback: keep it short, and never open a second one inside it.
        On a server database, with no flush hooks (the in-process broker's), the session
        may end its unit of work in one autocommitted statement (`write_last`).
        """
        if self._sessions is None:
            raise RuntimeError("Database.start() has not run")
        session = self._sessions()
        if not self._flush_hooks and self._autocommit is not None:
            session.info[ONE_STATEMENT] = self._autocommit
        return session

    def read_session(self) -> AsyncSession:
        """A new session that only reads (on SQLite a read-only snapshot beside the writer)."""
        if self._read_sessions is None:
            raise RuntimeError("Database.start() has not run")
        return self._read_sessions()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: commit on success, roll back on any error."""
        async with committing(self.session()) as session:
            yield session

    @asynccontextmanager
    async def statements(self, *, autocommit: bool = False) -> AsyncIterator[AsyncConnection]:
        """One unit of work of Core statements on a connection, without an ORM session:
        commit on success, roll back on any error.

        For a hot path whose statements are built in advance and whose rows are never
        entities (a chat turn): a session's bookkeeping (its state machine, bind lookup,
        autoflush and event hooks) cost the event loop more than the statements. Nothing
        here flushes, so the session hooks (`before_flush`, `after_commit`: the in-process
        bus's fan-out, `after_commit` actions) never run: write no outbox rows this way.

        `autocommit`: each statement commits on its own, for a unit of work of one write
        (on a server database no `BEGIN` and `COMMIT` round trips; SQLite, whose commit
        is no round trip, keeps its transaction).
        """
        if autocommit and self._autocommit is not None:
            async with self._autocommit.connect() as conn:
                yield conn
            return
        async with self.engine.begin() as conn:
            yield conn

    async def ping(self) -> None:
        """Run a trivial query; raises when the database is unreachable (never waits for
        the SQLite writer: a busy writer is not an unready database)."""
        async with (self._read_engine or self.engine).connect() as conn:
            await conn.execute(text("SELECT 1"))

    def pool_status(self) -> tuple[int, int]:
        """Connections checked out and pool size (0, 0 when unknown)."""
        pool = self.engine.pool
        checked_out = getattr(pool, "checkedout", None)
        size = getattr(pool, "size", None)
        if callable(checked_out) and callable(size):
            return int(checked_out()), int(size())
        return 0, 0
