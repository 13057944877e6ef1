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
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy.engine import CursorResult, Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import UpdateBase

from ecoeco.core.bus.models import InboxRecord, OutboxMessage
from ecoeco.core.db.base import utcnow
from ecoeco.core.db.session import BEGUN, LAST_WRITTEN, ONE_STATEMENT

INBOX = "ecoeco.inbox_row"  # the message being handled: (consumer, message_id)

_ALONE = {"isolation_level": "AUTOCOMMIT"}
_OUTBOX_COLUMNS = ("message_id", "type", "version", "payload", "trace_id", "created_at")
_INBOX_COLUMNS = ("consumer", "message_id", "processed_at")
_CACHED_ROWS = 8  # shapes with more outbox rows are built each time (none does now)

# Each shape is built once: building a statement costs more than its compilation, which
# SQLAlchemy caches by the statement's shape (one single-row INSERT per outbox row: a
# multi-row VALUES is not cacheable).
_shapes: dict[tuple[UpdateBase | None, int, bool], UpdateBase | None] = {}


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


def _one_statement(session: AsyncSession) -> bool:
    info = session.info
    if not info.get(ONE_STATEMENT) or info.get(BEGUN):
        return False
    return all(type(row) is OutboxMessage for row in session.new) and not (
        session.dirty or session.deleted
    )


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
    if rows > _CACHED_ROWS:
        return _build(statement, rows, inbox, dialect)
    key = (statement, rows, inbox)
    if key not in _shapes:
        _shapes[key] = _build(statement, rows, inbox, dialect)
    return _shapes[key]


async def write_last(
    session: AsyncSession,
    statement: UpdateBase | None = None,
    params: Mapping[str, Any] | None = None,
) -> CursorResult[*tuple[Any, ...]] | None:
    """Write `statement` (built once, its values bound by name from `params`; names
    starting with `_outbox` or `_inbox` are taken), every outbox row the unit of work
    staged with `publish` and the staged inbox row, as the unit of work's last write.

    In one autocommitted statement where that is safe (see the module), else in the
    session's transaction (the caller commits, as always). Returns the statement's
    result (None without one).
    """
    if session.info.get(LAST_WRITTEN):
        raise RuntimeError("write_last twice in one unit of work")
    if not _one_statement(session):
        if statement is None:
            return None
        connection = await session.connection()
        return await connection.execute(statement, params)
    outbox = [row for row in session.new if isinstance(row, OutboxMessage)]  # all of it
    inbox: tuple[str, str] | None = session.info.get(INBOX)
    dialect = session.get_bind().dialect
    shape = _shape(statement, len(outbox), inbox is not None, dialect)
    if shape is None:
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
    connection = await session.connection(execution_options=_ALONE)
    result = await connection.execute(shape, values)
    for row in outbox:  # written: the commit must not insert them again
        session.expunge(row)
    session.info[LAST_WRITTEN] = True
    return result if statement is not None else None
