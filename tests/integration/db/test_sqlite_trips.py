"""The SQLite adapter makes one trip to the connection's thread per statement.

And answers as a DBAPI cursor must: rows, description, row counts, last row ids,
many-row inserts and SQLite's errors as SQLAlchemy's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ecoeco.core.db.sqlite import writer_engine


async def test_one_trip_per_statement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = writer_engine(f"sqlite+aiosqlite:///{tmp_path / 'trips.db'}")
    trips: list[str] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await real(self, fn, *args, **kwargs)

    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 0"))  # the transaction's BEGIN IMMEDIATE is out
            trips.clear()
            rows = (await conn.execute(text("SELECT 1 AS one, 'a' AS a"))).all()
            assert rows == [(1, "a")]
            assert trips == ["_run"]  # execute, rows, description, close: one trip
    finally:
        await engine.dispose()


async def test_a_transaction_is_its_statements_and_a_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """BEGIN travels with the first statement; the pool's reset after a commit stays home."""
    engine = writer_engine(f"sqlite+aiosqlite:///{tmp_path / 'tx.db'}")
    trips: list[str] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await real(self, fn, *args, **kwargs)

    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            await conn.execute(text("INSERT INTO t (name) VALUES ('b')"))
        assert trips == ["_run", "_run", "commit"]  # no BEGIN trip, no rollback at check-in
        trips.clear()
        async with engine.begin():
            pass  # nothing ran: nothing to begin, commit or roll back
        assert trips == []
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('c')"))
            with pytest.raises(IntegrityError):
                await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            await conn.rollback()
        assert trips == ["_run", "_run", "rollback"]
        async with engine.connect() as conn:  # the failed transaction left nothing behind
            names = (await conn.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
            assert names == ["a", "b"]
            in_tx = await conn.run_sync(
                lambda sync: sync.connection.dbapi_connection._connection._conn.in_transaction
            )
            assert in_tx  # the BEGIN went with the SELECT: the transaction is open
    finally:
        await engine.dispose()


async def test_counts_ids_many_rows_and_errors(tmp_path: Path) -> None:
    engine = writer_engine(f"sqlite+aiosqlite:///{tmp_path / 'answers.db'}")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
            inserted = await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            assert inserted.lastrowid == 1
            await conn.execute(
                text("INSERT INTO t (name) VALUES (:name)"), [{"name": "b"}, {"name": "c"}]
            )
            updated = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
            assert updated.rowcount == 2
            result = await conn.execute(text("SELECT id, name FROM t ORDER BY id"))
            assert list(result.keys()) == ["id", "name"]
            assert result.all() == [(1, "a"), (2, "b!"), (3, "c!")]
            returned = await conn.execute(text("DELETE FROM t WHERE id = 3 RETURNING name"))
            assert returned.scalar_one() == "c!"
        with pytest.raises(IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        async with engine.connect() as conn:
            assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 2
    finally:
        await engine.dispose()
