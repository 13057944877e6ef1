"""SQLite engines of the embedded mode: one writer connection, several read-only readers.

SQLite lets one transaction write at a time. Leaving writers to SQLite's busy handler
makes each waiter sleep and poll (1, 2, 5, ... 100 ms), so the lock sits unused while
they sleep, and every transaction that took it up front (including a plain read)
queued the same way. Instead, in this process:

- the **writer** engine has exactly one connection: the pool hands it out in turn,
  with no polling, and `BEGIN IMMEDIATE` then never waits for another writer here;
- **readers** are separate connections with deferred transactions: in WAL mode they
  read a snapshot while the writer works, and never wait for it. They are opened
  `query_only`, so a write through a read session fails loudly instead of racing.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import event
from sqlalchemy.dialects.sqlite.base import SQLiteIdentifierPreparer
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.sql.expression import RollbackToSavepointClause

from ecoeco.core.db.base import json_dumps, json_loads, schemas
from ecoeco.core.db.sqlite_driver import OneTripConnection, OneTripDbapi


def is_sqlite(url: str) -> bool:
    """True for a SQLite URL."""
    return url.startswith("sqlite")


def translate_map(url: str) -> dict[str | None, str | None] | None:
    """On SQLite every service schema folds into the one database file."""
    if not is_sqlite(url):
        return None
    return {name: None for name in schemas()}


RENDERED_LIMIT = 4096  # statements whose schema names are kept rendered (a few hundred here)


class SchemaNamesOnce(SQLiteIdentifierPreparer):
    """Puts the schema names into a cached statement's text once, not at every execution.

    Every service's schema folds into the one file (`translate_map`), so SQLAlchemy
    compiles a statement with placeholders for them and substitutes them at each
    execution: a regular expression with a Python callback for every qualified name
    (a 17-column SELECT of scan jobs has 17), tens of microseconds of the event loop per
    statement. The text a placeholder statement becomes depends only on it and the map,
    so it is kept here (the cache is shared by the copies SQLAlchemy makes per map).
    """

    def __init__(self, dialect: Dialect, **kwargs: Any) -> None:
        super().__init__(dialect, **kwargs)
        self._rendered: dict[tuple[str, int], tuple[object, str]] = {}

    def _render_schema_translates(self, statement: str, schema_translate_map: Any) -> str:
        key = (statement, id(schema_translate_map))
        hit = self._rendered.get(key)
        if hit is not None and hit[0] is schema_translate_map:
            return hit[1]
        rendered: str = super()._render_schema_translates(statement, schema_translate_map)
        if len(self._rendered) < RENDERED_LIMIT:  # past it (never so far), rendered each time
            self._rendered[key] = (schema_translate_map, rendered)
        return rendered


def _pragmas(dbapi_conn: Any, *, read_only: bool) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself instead of pysqlite.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    # No statement waits where it runs: a lock held by another process (a CLI import
    # while serving) sends it to the connection's thread to wait (sqlite_driver).
    cursor.execute("PRAGMA busy_timeout=0")
    if read_only:  # WAL is a property of the file, set by the writer; never ask a lock here
        cursor.execute("PRAGMA query_only=ON")
    else:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # the driver checkpoints off the loop
    cursor.close()


def _engine(url: str, *, pool_size: int, pool_timeout: float, read_only: bool) -> AsyncEngine:
    engine = create_async_engine(
        url,
        module=OneTripDbapi(),  # one hop to the connection's thread per statement
        execution_options={"schema_translate_map": translate_map(url)},
        connect_args={"timeout": 30},
        json_serializer=json_dumps,
        json_deserializer=json_loads,
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=pool_timeout,
    )

    dialect = engine.sync_engine.dialect
    preparer = dialect.identifier_preparer = SchemaNamesOnce(dialect)

    # Savepoints travel with the next statement too (a nested transaction's SAVEPOINT and
    # RELEASE cost as much of the loop as an INSERT through SQLAlchemy): `sqlite_driver`.
    def adapted(conn: Any) -> OneTripConnection:
        return cast(OneTripConnection, conn.connection.dbapi_connection)

    def savepoint(conn: Any, name: str) -> None:
        adapted(conn).savepoint(preparer.quote(name))

    def release(conn: Any, name: str) -> None:
        adapted(conn).release(preparer.quote(name))

    def rollback_to(conn: Any, name: str) -> None:
        if not adapted(conn).forget_savepoint(preparer.quote(name)):
            conn.execute(RollbackToSavepointClause(name))  # type: ignore[no-untyped-call]

    dialect.do_savepoint = savepoint  # type: ignore[method-assign,assignment]
    dialect.do_release_savepoint = release  # type: ignore[method-assign,assignment]
    dialect.do_rollback_to_savepoint = rollback_to  # type: ignore[method-assign,assignment]

    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        _pragmas(dbapi_conn, read_only=read_only)

    def on_begin(conn: Any) -> None:
        # The writer takes the write lock up front (it is the only writer here, so this
        # does not wait); a reader's snapshot starts at its first read. Either way the
        # BEGIN goes to SQLite with the transaction's first statement, in one trip.
        begin = "BEGIN" if read_only else "BEGIN IMMEDIATE"
        adapted(conn).begin_with_next(begin)  # module= above

    event.listen(engine.sync_engine, "connect", on_connect)
    event.listen(engine.sync_engine, "begin", on_begin)
    return engine


def writer_engine(url: str, *, wait_seconds: float = 10.0) -> AsyncEngine:
    """The one connection that writes; a writer waits for it in turn, then 503."""
    return _engine(url, pool_size=1, pool_timeout=wait_seconds, read_only=False)


def reader_engine(url: str, *, readers: int = 8, wait_seconds: float = 10.0) -> AsyncEngine:
    """Read-only connections for sessions that only read."""
    return _engine(url, pool_size=readers, pool_timeout=wait_seconds, read_only=True)
