"""A unit of work's last write, its outbox rows and its inbox row in one statement.

Most units of work end in one write: a scan's job row, a round's final status, a
tally. With the outbox rows that announce it and, in a message handler, the message's
inbox row, that was BEGIN, three or four statements and COMMIT: a round trip each, each
a socket write that wakes the server on the same cores. On PostgreSQL one data-modifying
statement carries them all, autocommitted:

    WITH outbox_0 AS (INSERT INTO bus.outbox ...), inbox AS (INSERT INTO bus.inbox ...)
    INSERT INTO scan.jobs ...

A statement is atomic: all of it is written or none. A duplicate inbox key refuses the
whole of it, as it refused the commit before, so a redelivery still writes nothing twice.

Only where that is as safe as the transaction it replaces: in a session the `Database`
made for a server database without flush hooks (`ONE_STATEMENT`; the in-process broker
fans outbox rows out at flush), before any statement of the unit of work ran, and with
nothing else staged but outbox rows. Anywhere else (SQLite, a read came first) the same
writes go through the session's transaction, as they always did.

The caller promises that nothing is written after it: once it is sent the unit of work is
committed. An ORM flush after it raises. Its statement gives every value: a column default
computed in Python is not applied inside the combined statement (one left to it raises).

The statement goes past SQLAlchemy's execution, to the driver (asyncpg), on a connection of
the pool's that the session never sees (no session transaction to begin and end): its SQL,
parameter order and value conversions are compiled once a shape by SQLAlchemy itself, and
a driver's error goes through SQLAlchemy's translation, so a duplicate inbox key is still
the `IntegrityError` the bus relies on and a lost connection is invalidated as before.
A shape the driver's values cannot serve as they come (a returned column SQLAlchemy would
convert, a list bound at run time) is sent by SQLAlchemy on that connection instead.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn, cast

from sqlalchemy import bindparam, exc, insert
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.pool import PoolProxiedConnection
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.util import greenlet_spawn

from ecoeco.core.bus.models import InboxRecord, OutboxMessage
from ecoeco.core.db.base import utcnow
from ecoeco.core.db.session import BEGUN, LAST_WRITTEN, ONE_STATEMENT

INBOX = "ecoeco.inbox_row"  # the message being handled: (consumer, message_id)

_OUTBOX_COLUMNS = ("message_id", "type", "version", "payload", "trace_id", "created_at")
_INBOX_COLUMNS = ("consumer", "message_id", "processed_at")
_CACHED_ROWS = 8  # shapes with more outbox rows are built each time (none does now)

# Each shape is built once: building a statement costs more than its compilation, which
# SQLAlchemy caches by the statement's shape (one single-row INSERT per outbox row: a
# multi-row VALUES is not cacheable).
_shapes: dict[tuple[UpdateBase | None, int, bool, str], _Plan] = {}
_COUNT = re.compile(r"(?:UPDATE|DELETE|INSERT \d+) (\d+)")


class Written:
    """What the last write returned: its rows (`RETURNING`) and how many it changed."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: Sequence[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def first(self) -> Any | None:
        """The first returned row (indexable by position), or None."""
        return self._rows[0] if self._rows else None

    def all(self) -> list[Any]:
        """Every returned row."""
        return list(self._rows)


@dataclass(frozen=True, slots=True)
class _Plan:
    """A shape compiled once for the driver (`sql` None: SQLAlchemy sends it)."""

    statement: UpdateBase
    sql: str | None = None
    names: tuple[str, ...] = ()  # the positional parameters' names, in order
    convert: tuple[Callable[[Any], Any] | None, ...] = ()  # SQLAlchemy's bind processors
    fixed: Mapping[str, Any] | None = None  # values the statement carries (a literal list)
    returns: bool = False


def _plan(statement: UpdateBase, dialect: Dialect) -> _Plan:
    """The driver's SQL and parameters for `statement`, as SQLAlchemy would send them."""
    if dialect.driver != "asyncpg":
        return _Plan(statement)
    compiled = statement.compile(dialect=dialect)
    assert isinstance(compiled, SQLCompiler)
    returns = bool(compiled.returning)
    if any(
        column[3]._cached_result_processor(dialect, None) is not None
        for column in compiled._result_columns
    ):
        return _Plan(statement)  # a returned value SQLAlchemy would convert
    given = {bind.key for bind in compiled.binds.values() if bind.required}
    expanded = compiled._process_parameters_for_postcompile(
        compiled.construct_params(dict.fromkeys(given))
    )
    names = tuple(expanded.positiontup or ())
    fixed = {name: expanded.parameters[name] for name in names if name not in given}
    if any(bind.expanding and bind.key in given for bind in compiled.binds.values()):
        return _Plan(statement)  # a list bound at run time: its length shapes the SQL
    processors = {**compiled._bind_processors, **expanded.processors}
    convert = tuple(processors.get(name) for name in names)
    if not all(each is None or callable(each) for each in convert):
        return _Plan(statement)  # a tuple's processors, one an element
    return _Plan(
        statement,
        sql=expanded.statement,
        names=names,
        convert=cast(tuple[Callable[[Any], Any] | None, ...], convert),
        fixed=fixed,
        returns=returns,
    )


def _translate(
    pooled: PoolProxiedConnection,
    engine: AsyncEngine,
    error: Exception,
    sql: str,
    args: Sequence[Any],
) -> NoReturn:
    """Raise the driver's `error` as SQLAlchemy's execution would have: its DBAPI error,
    then the `sqlalchemy.exc` one (`IntegrityError` for a duplicate key); a lost
    connection invalidates the pool's older connections and this one."""
    adapted = pooled.dbapi_connection
    dialect = engine.dialect
    try:
        adapted._handle_exception(error)  # type: ignore[union-attr]
    except Exception as dbapi_error:
        lost = dialect.is_disconnect(dbapi_error, adapted, None)  # type: ignore[arg-type]
        if lost:
            engine.sync_engine.pool._invalidate(pooled, dbapi_error)
        raise exc.DBAPIError.instance(
            sql,
            tuple(args),
            dbapi_error,
            dialect.loaded_dbapi.Error,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error
    raise error


async def _send(engine: AsyncEngine, plan: _Plan, values: Mapping[str, Any]) -> Written:
    """`plan`'s statement with `values`, autocommitted: by the driver, on a connection
    taken from the pool and returned (no SQLAlchemy `Connection` around it), where the
    plan allows; else by SQLAlchemy."""
    if plan.sql is None:
        async with engine.connect() as connection:
            result = await connection.execute(plan.statement, values)
            return Written(result.all() if result.returns_rows else [], result.rowcount)
    fixed = plan.fixed or {}
    args = [
        (values[name] if name in values else fixed[name])
        if convert is None
        else convert(values[name] if name in values else fixed[name])
        for name, convert in zip(plan.names, plan.convert, strict=True)
    ]
    # Outside a transaction the driver autocommits each statement; the pool's reset on
    # return (a rollback) finds none to end.
    pooled = await engine.raw_connection()
    try:
        driver = pooled.driver_connection
        assert driver is not None
        if plan.returns:
            rows = await driver.fetch(plan.sql, *args)
            return Written(rows, len(rows))
        status = await driver.execute(plan.sql, *args)
        counted = _COUNT.match(status or "")
        return Written([], int(counted.group(1)) if counted else -1)
    except Exception as error:
        await greenlet_spawn(_translate, pooled, engine, error, plan.sql, args)
        raise
    except BaseException:  # cancelled mid-statement: the connection's state is unknown
        await asyncio.shield(greenlet_spawn(pooled.invalidate))
        raise
    finally:  # in SQLAlchemy's async context: closing an invalid or overflow one awaits
        await asyncio.shield(greenlet_spawn(pooled.close))


def stage_inbox(session: AsyncSession, consumer: str, message_id: str) -> None:
    """Let the session's last write carry the inbox row of the message being handled."""
    session.info[INBOX] = (consumer, message_id)


def no_last_write(session: AsyncSession) -> None:
    """Keep every write of this session in its transaction (a unit of work that writes
    more after its handlers: the in-process broker's delivery row, other consumers')."""
    session.info.pop(ONE_STATEMENT, None)


def written_last(session: AsyncSession) -> bool:
    """True when the session's last write was sent as one statement (it is committed,
    and the staged inbox row with it)."""
    return bool(session.info.get(LAST_WRITTEN))


def _one_statement(session: AsyncSession) -> AsyncEngine | None:
    """The autocommitting engine to send the last write on, where that is safe."""
    info = session.info
    engine: AsyncEngine | None = info.get(ONE_STATEMENT)
    if engine is None or info.get(BEGUN):
        return None
    if session.dirty or session.deleted:
        return None
    return engine if all(type(row) is OutboxMessage for row in session.new) else None


def _prefixed(prefix: str, columns: tuple[str, ...]) -> dict[str, Any]:
    return {column: bindparam(f"{prefix}{column}") for column in columns}


def _gives_every_value(statement: UpdateBase, dialect: Dialect) -> None:
    """Refuse a statement that leaves a column to a default computed in Python (say
    `default=utcnow`): SQLAlchemy does not fill those in inside the combined statement."""
    compiled = statement.compile(dialect=dialect)
    left = [column.name for column in (*compiled.insert_prefetch, *compiled.update_prefetch)]
    if left:
        raise ValueError(f"write_last: give {', '.join(left)} a value (no default applies)")


def _build(
    statement: UpdateBase | None, rows: int, inbox: bool, dialect: Dialect
) -> UpdateBase | None:
    if statement is not None:
        _gives_every_value(statement, dialect)
    parts: list[UpdateBase] = [
        insert(OutboxMessage).values(_prefixed(f"_outbox{i}_", _OUTBOX_COLUMNS))
        for i in range(rows)
    ]
    names = [f"outbox_{i}" for i in range(rows)]
    if inbox:
        parts.append(insert(InboxRecord).values(_prefixed("_inbox_", _INBOX_COLUMNS)))
        names.append("inbox")
    if statement is None:
        if not parts:
            return None
        statement, names = parts.pop(), names[:-1]
    if not parts:
        return statement
    return statement.add_cte(*(part.cte(name) for part, name in zip(parts, names, strict=True)))


def _shape(
    statement: UpdateBase | None, rows: int, inbox: bool, dialect: Dialect
) -> UpdateBase | None:
    plan = _planned(statement, rows, inbox, dialect)
    return plan.statement if plan is not None else None


def _planned(
    statement: UpdateBase | None, rows: int, inbox: bool, dialect: Dialect
) -> _Plan | None:
    key = (statement, rows, inbox, dialect.driver)  # the driver's SQL is the dialect's
    plan = _shapes.get(key)
    if plan is None:
        built = _build(statement, rows, inbox, dialect)
        if built is None:
            return None
        plan = _plan(built, dialect)
        if rows <= _CACHED_ROWS:
            _shapes[key] = plan
    return plan


async def write_last(
    session: AsyncSession,
    statement: UpdateBase | None = None,
    params: Mapping[str, Any] | None = None,
) -> Written | None:
    """Write `statement` (built once, its values bound by name from `params`; names
    starting with `_outbox` or `_inbox` are taken), every outbox row the unit of work
    staged with `publish` and the staged inbox row, as the unit of work's last write.

    In one autocommitted statement where that is safe (see the module), else in the
    session's transaction (the caller commits, as always). Returns what the statement
    returned (None without one).
    """
    if session.info.get(LAST_WRITTEN):
        raise RuntimeError("write_last twice in one unit of work")
    engine = _one_statement(session)
    if engine is None:
        if statement is None:
            return None
        connection = await session.connection()
        result = await connection.execute(statement, params)
        return Written(result.all() if result.returns_rows else [], result.rowcount)
    outbox = [row for row in session.new if isinstance(row, OutboxMessage)]  # all of it
    inbox: tuple[str, str] | None = session.info.get(INBOX)
    plan = _planned(statement, len(outbox), inbox is not None, engine.dialect)
    if plan is None:
        return None
    values: dict[str, Any] = dict(params or {})
    for i, row in enumerate(outbox):
        values[f"_outbox{i}_message_id"] = row.message_id
        values[f"_outbox{i}_type"] = row.type
        values[f"_outbox{i}_version"] = row.version or 1
        values[f"_outbox{i}_payload"] = row.payload
        values[f"_outbox{i}_trace_id"] = row.trace_id
        values[f"_outbox{i}_created_at"] = row.created_at
    if inbox is not None:
        values["_inbox_consumer"], values["_inbox_message_id"] = inbox
        values["_inbox_processed_at"] = utcnow()
    # On a connection of the pool's that the session never joins: the session's commit
    # that follows has no transaction to end (it runs its hooks).
    written = await _send(engine, plan, values)
    # Written: the commit must not insert them again. They are all the session holds (no
    # statement ran, nothing else is new, dirty or deleted): one detach, no cascades.
    session.expunge_all()
    session.info[LAST_WRITTEN] = True
    return written if statement is not None else None
