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
