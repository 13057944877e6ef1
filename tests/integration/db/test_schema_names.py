"""A cached statement's folded schema names are put into its text once, per map."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.dialects.sqlite.base import SQLiteIdentifierPreparer

from ecoeco.core.bus.models import InboxRecord
from ecoeco.core.db import Database, utcnow


async def test_a_statement_is_rendered_once_and_still_right(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    real = SQLiteIdentifierPreparer._render_schema_translates

    def counted(self: Any, statement: str, schema_translate_map: Any) -> str:
        rendered.append(statement)
        return real(self, statement, schema_translate_map)

    monkeypatch.setattr(SQLiteIdentifierPreparer, "_render_schema_translates", counted)
    shutil.copy(sqlite_template, tmp_path / "names.db")
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'names.db'}")
    await db.start()
    try:
        query = select(InboxRecord.message_id).where(InboxRecord.consumer == "names")
        for n in range(3):
            async with db.transaction() as session:
                row = InboxRecord(consumer="names", message_id=f"m{n}", processed_at=utcnow())
                session.add(row)
            async with db.read_session() as session:
                found = (await session.execute(query)).scalars().all()
            assert sorted(found) == [f"m{k}" for k in range(n + 1)]
        assert len(rendered) == len(set(rendered)) == 2  # the INSERT and the SELECT, once
    finally:
        await db.stop()


async def test_another_map_gets_its_own_text(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'maps.db'}")
    await db.start()
    try:
        preparer = db.engine.sync_engine.dialect.identifier_preparer
        placeholder = "SELECT x FROM __[SCHEMA_bus].inbox"
        folded, aside = {"bus": None}, {"bus": "aside"}
        assert preparer._render_schema_translates(placeholder, folded) == (
            "SELECT x FROM main.inbox"
        )
        assert preparer._render_schema_translates(placeholder, aside) == (
            "SELECT x FROM aside.inbox"
        )
        assert preparer._render_schema_translates(placeholder, folded) == (
            "SELECT x FROM main.inbox"
        )
    finally:
        await db.stop()
