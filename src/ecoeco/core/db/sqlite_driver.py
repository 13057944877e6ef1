"""SQLite statements run where they are awaited; lock waits and checkpoints go to a thread.

aiosqlite runs every call on its connection's own thread, and SQLAlchemy's adapter makes
four such calls per query (open a cursor, execute, fetch the rows, close the cursor).
Each is a hand-off to that thread and back: a wake-up that, on a busy machine, takes
the event loop's core for about 0.2 ms, a wait for the interpreter lock, and a wake-up of
the loop. A statement of this application on its local WAL database takes tens of
microseconds, so here:

- the **statement** (with its rows, description, counts and last row id) runs right
  away on the calling thread, in one call. The connection's busy handler is off
  (`busy_timeout=0`), so a statement never waits here: when another process holds the
  lock (a CLI import while serving), SQLite answers "busy" at once and the statement
  goes to the connection's thread, to wait there with the handler on (`BUSY_WAIT_MS`);
- a transaction's `BEGIN` rides along with its first statement (`begin_with_next`), and
  so do a savepoint's `SAVEPOINT` and `RELEASE` (`savepoint`, `release`): each would be
  a statement of its own, through SQLAlchemy's whole execution, for nothing SQLite has
  to answer at once. A `RELEASE` or `SAVEPOINT` still pending at the commit or rollback
  goes nowhere (the end releases them all), and so does a rollback to a savepoint that
  never reached SQLite;
- a **commit** runs here too (in WAL mode it appends to the log, without a sync under
  `synchronous=NORMAL`); a commit or rollback with no statement since the last one (the
  pool's reset after every commit) goes nowhere: SQLite has nothing to end;
- **checkpoints** (copying the WAL into the database file, and syncing it) would run
  inside whichever commit crossed SQLite's threshold, here, for milliseconds. The
  writer's automatic ones are off (`wal_autocheckpoint=0`), and after every
  `CHECKPOINT_EVERY` commits that wrote (or `CHECKPOINT_ROWS` changed rows, for bulk
  imports), one runs on the connection's thread instead.

Everything else (errors, server-side cursors) is SQLAlchemy's aiosqlite adapter as it is.
The connection is used from two threads, never at once: SQLAlchemy's pool hands it to
one session at a time, and its statements hold the adapter's mutex.
"""

from __future__ import annotations

import collections
import logging
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

T = TypeVar("T")
Outcome = tuple[list[Any], Any, int, int | None]

BUSY_WAIT_MS = 10_000  # how long a statement waits for another process's lock (on the thread)
CHECKPOINT_EVERY = 100  # writing commits between WAL checkpoints (SQLite's own are off)
CHECKPOINT_ROWS = 2_000  # ... or changed rows, whichever comes first

log = logging.getLogger(__name__)


def _run(
    conn: sqlite3.Connection, pending: list[str], operation: str, parameters: Any, many: bool
) -> Outcome:
    """The statement (after those `pending`, each taken off the list once it ran) and
    everything it answered."""
    while pending:
        conn.execute(pending[0]).close()
        del pending[0]
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return rows, description, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _waiting(conn: sqlite3.Connection, fn: Callable[..., T], *args: Any) -> T:
    """On the connection's thread: `fn` with SQLite's busy handler waiting for locks."""
    conn.execute(f"PRAGMA busy_timeout={BUSY_WAIT_MS}")
    try:
        return fn(*args)
    finally:
        conn.execute("PRAGMA busy_timeout=0")


def _checkpoint(conn: sqlite3.Connection) -> None:
    """On the connection's thread: copy the WAL into the database file (and sync it),
    without waiting for readers or writers (`PASSIVE`)."""
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").close()


def _busy(error: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds a lock."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return "locked" in str(error)
    return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement runs in one call, here unless it must wait."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")
    _awaitable_cursor_close = False  # nothing stays open

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        """Of the last statement."""
        return self._description

    @property
    def rowcount(self) -> int:
        """Of the last statement."""
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        """Of the last statement."""
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        """Rows are all fetched at once."""
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    async def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        adapted = cast(OneTripConnection, self._adapt_connection)
        conn: sqlite3.Connection = connection._conn
        async with adapted._execute_mutex:
            pending, adapted._pending = adapted._pending, []
            adapted._ran = True  # from here on a commit or rollback has something to end
            try:
                outcome = _run(conn, pending, operation, parameters, many)
            except sqlite3.OperationalError as error:
                if not _busy(error):
                    raise
                # what of `pending` went through is off the list; the rest waits with it
                outcome = await connection._execute(  # type: ignore[no-untyped-call]
                    _waiting, conn, _run, conn, pending, operation, parameters, many
                )
        rows, self._description, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._trip(operation, parameters, False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._trip(operation, seq_of_parameters, True)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """aiosqlite's adapted connection, with the one-trip cursor.

    `_ran` is whether any statement went to SQLite since the last commit or rollback;
    until one did, no transaction can be open there (the connection is in autocommit
    mode, `isolation_level = None`, and `BEGIN` only ever travels with a statement).
    """

    __slots__ = ("_changes", "_checkpointed", "_pending", "_ran", "_writes")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._pending: list[str] = []  # statements to send before the next one
        self._ran = True  # unknown until the first commit or rollback: assume open
        self._changes = 0  # SQLite's count of changed rows at the last commit
        self._writes = 0  # commits that changed something, since the last checkpoint
        self._checkpointed = 0  # SQLite's count of changed rows at the last checkpoint

    def begin_with_next(self, statement: str) -> None:
        """Send `statement` (a `BEGIN ...`) with the next statement."""
        self._pending = [statement]

    def savepoint(self, name: str) -> None:
        """Open the savepoint `name` (quoted) with the next statement."""
        self._pending.append(f"SAVEPOINT {name}")

    def release(self, name: str) -> None:
        """Release the savepoint `name` (quoted) with the next statement."""
        self._pending.append(f"RELEASE SAVEPOINT {name}")

    def forget_savepoint(self, name: str) -> bool:
        """A rollback to the savepoint `name` (quoted): when it has not reached SQLite
        yet, drop it and what followed it (True); else it is SQLite's to roll back."""
        opened = f"SAVEPOINT {name}"
        if opened not in self._pending:
            return False
        del self._pending[self._pending.index(opened) :]
        return True

    def commit(self) -> None:
        """Commit here (nothing when no statement ran since the last end); every
        `CHECKPOINT_EVERY` commits that wrote (or `CHECKPOINT_ROWS` changed rows),
        checkpoint the WAL on the connection's thread."""
        self._pending = []
        if not self._ran:
            return
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        conn = connection._conn
        try:
            try:
                conn.commit()
            except sqlite3.OperationalError as error:
                if not _busy(error):
                    raise
                await_(connection._execute(_waiting, conn, conn.commit))  # type: ignore[no-untyped-call]
        except Exception as error:
            self._handle_exception(error)
        self._ran = False
        if conn.total_changes == self._changes:
            return  # no row changed (a read, or DDL): nothing worth a checkpoint
        self._changes = conn.total_changes
        self._writes += 1
        if self._writes >= CHECKPOINT_EVERY or (
            self._changes - self._checkpointed >= CHECKPOINT_ROWS
        ):
            self._writes, self._checkpointed = 0, self._changes
            try:
                await_(connection._execute(_checkpoint, conn))  # type: ignore[no-untyped-call]
            except Exception:  # the commit stands; the next checkpoint catches up
                log.warning("SQLite WAL checkpoint failed", exc_info=True)

    def rollback(self) -> None:
        """Roll back here (nothing when no statement ran since the last end)."""
        self._pending = []
        if self._ran:
            try:
                self._connection._conn.rollback()
            except Exception as error:
                self._handle_exception(error)
            self._ran = False


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect uses, connecting as above."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        """Open an aiosqlite connection (its thread a daemon) behind the one-trip adapter."""
        # Used from the loop's thread too (never at once): see the module's docstring.
        connection = aiosqlite.connect(*arg, **{**kw, "check_same_thread": False})
        connection._thread.daemon = True
        return OneTripConnection(self, await_(connection))
