"""The SQLite adapter runs statements where they are awaited, and waits for locks elsewhere.

And answers as a DBAPI cursor must: rows, description, row counts, last row ids,
many-row inserts and SQLite's errors as SQLAlchemy's.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ecoeco.core.db import sqlite_driver
from ecoeco.core.db.sqlite import writer_engine


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The calls sent to the connections' threads, by name, from now on."""
    trips: list[str] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return trips


async def test_a_transaction_makes_no_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No hand-off per statement, for BEGIN, the commit, or the pool's reset after it."""
    engine = writer_engine(f"sqlite+aiosqlite:///{tmp_path / 'tx.db'}")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
        trips = _counting(monkeypatch)
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            await conn.execute(text("INSERT INTO t (name) VALUES ('b')"))
            rows = (await conn.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
            assert rows == [(1, "a"), (2, "b")]
        assert trips == []
        async with engine.begin():
            pass  # nothing ran: nothing to begin, commit or roll back
        assert trips == []
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('c')"))
            with pytest.raises(IntegrityError):
                await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            await conn.rollback()
        assert trips == []
        async with engine.connect() as conn:  # the failed transaction left nothing behind
            names = (await conn.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
            assert names == ["a", "b"]
            in_tx = await conn.run_sync(
                lambda sync: sync.connection.dbapi_connection._connection._conn.in_transaction
            )
            assert in_tx  # the BEGIN went with the SELECT: the transaction is open
    finally:
        await engine.dispose()


async def test_the_wal_is_checkpointed_off_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every CHECKPOINT_EVERY writing commits (or CHECKPOINT_ROWS rows), one checkpoint on
    the thread; reads none."""
    monkeypatch.setattr(sqlite_driver, "CHECKPOINT_EVERY", 3)
    path = tmp_path / "wal.db"
    engine = writer_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
        trips = _counting(monkeypatch)
        for name in "abcdef":
            async with engine.begin() as conn:
                await conn.execute(text("SELECT count(*) FROM t"))  # reads count for nothing
            async with engine.begin() as conn:
                await conn.execute(text("INSERT INTO t (name) VALUES (:n)"), {"n": name})
        assert trips == ["_checkpoint", "_checkpoint"]  # after the 3rd and the 6th insert
        trips.clear()
        monkeypatch.setattr(sqlite_driver, "CHECKPOINT_ROWS", 10)
        async with engine.begin() as conn:  # a bulk insert: one commit, many rows
            await conn.execute(
                text("INSERT INTO t (name) VALUES (:n)"), [{"n": str(n)} for n in range(10)]
            )
        assert trips == ["_checkpoint"]
        with sqlite3.connect(path) as plain:  # a per-connection setting: others keep theirs
            assert plain.execute("PRAGMA wal_autocheckpoint").fetchone() == (1000,)
        async with engine.connect() as conn:
            pages = (await conn.execute(text("PRAGMA wal_autocheckpoint"))).scalar_one()
            assert pages == 0
    finally:
        await engine.dispose()


async def test_a_lock_of_another_process_is_waited_for_off_the_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process's write lock sends the statement to the thread to wait; the loop runs."""
    path = tmp_path / "locked.db"
    engine = writer_engine(f"sqlite+aiosqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"))
        trips = _counting(monkeypatch)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        other.execute("INSERT INTO t (name) VALUES ('theirs')")
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        async def release() -> None:
            await asyncio.sleep(0.3)
            other.execute("COMMIT")

        ticker = asyncio.create_task(tick())
        releaser = asyncio.create_task(release())
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('ours')"))
        ticker.cancel()
        await releaser
        assert trips[0] == "_waiting"  # BEGIN IMMEDIATE and the insert waited on the thread
        assert ticks >= 10  # the loop went on meanwhile
        async with engine.connect() as conn:
            names = (await conn.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
            assert names == ["theirs", "ours"]
    finally:
        other.close()
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


async def test_savepoints_travel_with_the_next_statement(tmp_path: Path) -> None:
    """A nested transaction's SAVEPOINT and RELEASE go with the next statement (or nowhere,
    at the end); its rollback undoes exactly its own work, whether it reached SQLite or not."""
    engine = writer_engine(f"sqlite+aiosqlite:///{tmp_path / 'nested.db'}")
    sent: list[str] = []
    real = sqlite_driver._run

    def run(conn: Any, pending: list[str], operation: str, *args: Any) -> Any:
        sent.extend([*pending, operation])
        return real(conn, pending, operation, *args)

    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
        sqlite_driver._run = run  # type: ignore[assignment]
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            async with conn.begin_nested():
                await conn.execute(text("INSERT INTO t (name) VALUES ('b')"))
            await conn.execute(text("INSERT INTO t (name) VALUES ('c')"))
            async with conn.begin_nested():  # released at the commit, never sent
                await conn.execute(text("INSERT INTO t (name) VALUES ('d')"))
        assert [s.split(" (")[0] for s in sent] == [
            "BEGIN IMMEDIATE",
            "INSERT INTO t",
            "SAVEPOINT sa_savepoint_1",
            "INSERT INTO t",
            "RELEASE SAVEPOINT sa_savepoint_1",
            "INSERT INTO t",
            "SAVEPOINT sa_savepoint_2",
            "INSERT INTO t",
        ]
        sent.clear()
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('e')"))
            nested = await conn.begin_nested()
            await nested.rollback()  # never reached SQLite: nothing to roll back
            nested = await conn.begin_nested()
            with pytest.raises(IntegrityError):
                await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            await nested.rollback()
            await conn.execute(text("INSERT INTO t (name) VALUES ('f')"))
        assert "ROLLBACK TO SAVEPOINT sa_savepoint_2" in sent
        assert "SAVEPOINT sa_savepoint_1" not in sent
        async with engine.connect() as conn:
            names = (await conn.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
            assert names == ["a", "b", "c", "d", "e", "f"]
    finally:
        sqlite_driver._run = real  # type: ignore[assignment]
        await engine.dispose()
