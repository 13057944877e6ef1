"""One trip to the SQLite thread per statement, instead of four.

aiosqlite runs every call on its connection's own thread. SQLAlchemy's adapter makes
four such calls per query (open a cursor, execute, fetch the rows, close the cursor):
four hand-offs to that thread and back, each a wake-up of the event loop and, on a
busy loop, a wait for the interpreter lock. The cursor here runs the whole statement
(execute, rows, description, row count, last row id) in one call and answers from
what it brought back.

A transaction's `BEGIN` rides along with its first statement (`begin_with_next`), and a
commit or rollback with no statement since the last one (the pool's reset after every
commit) makes no trip: SQLite has nothing to end. Everything else (errors, server-side
cursors) is SQLAlchemy's aiosqlite adapter as it is.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

Outcome = tuple[list[Any], Any, int, int | None]


def _run(
    conn: sqlite3.Connection, begin: str | None, operation: str, parameters: Any, many: bool
) -> Outcome:
    """Runs on the connection's thread: the statement (after `begin`, if any) and
    everything it answered."""
    if begin is not None:
        conn.execute(begin)
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


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement is one call on the connection's thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")
    _awaitable_cursor_close = False  # nothing stays open on the thread

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
        async with adapted._execute_mutex:
            begin, adapted._begin = adapted._begin, None
            adapted._ran = True  # from here on a commit or rollback has something to end
            outcome: Outcome = await connection._execute(  # type: ignore[no-untyped-call]
                _run, connection._conn, begin, operation, parameters, many
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

    __slots__ = ("_begin", "_ran")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._begin: str | None = None
        self._ran = True  # unknown until the first commit or rollback: assume open

    def begin_with_next(self, statement: str) -> None:
        """Send `statement` (a `BEGIN ...`) in the same trip as the next statement."""
        self._begin = statement

    def commit(self) -> None:
        """Commit, making no trip when no statement ran since the last end."""
        self._begin = None
        if self._ran:
            super().commit()
            self._ran = False

    def rollback(self) -> None:
        """Roll back, making no trip when no statement ran since the last end."""
        self._begin = None
        if self._ran:
            super().rollback()
            self._ran = False


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """The DBAPI module SQLAlchemy's aiosqlite dialect uses, connecting as above."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        """Open an aiosqlite connection (its thread a daemon) behind the one-trip adapter."""
        connection = aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True
        return OneTripConnection(self, await_(connection))
