"""The info models and the info migration describe the same tables, on both databases."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import create_async_engine

from ecoeco.core.db.base import Base
from ecoeco.info import models
from tests.conftest import Backend


def _info_only(metadata: MetaData, sqlite: bool) -> MetaData:
    subset = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        if table.schema == models.SCHEMA:
            # SQLite folds every schema into one file, so the copy has none there.
            schema = None if sqlite else models.SCHEMA
            table.to_metadata(subset, schema=schema)  # type: ignore[arg-type]
    return subset


@pytest.mark.filterwarnings("ignore:Did not recognize type 'geography'")
async def test_models_match_the_migration(backend: Backend) -> None:
    url = backend.settings.effective_database_url
    sqlite = url.startswith("sqlite")
    target = _info_only(Base.metadata, sqlite)
    names = {t.name for t in target.tables.values()}

    def diff(connection: Any) -> list[Any]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_schemas": not sqlite}
        )
        changes = compare_metadata(context, target)
        return [c for c in changes if _touches(c, names)]

    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            changes = await conn.run_sync(diff)
    finally:
        await engine.dispose()
    assert changes == []


def _touches(change: Any, names: set[str]) -> bool:
    """Whether an autogenerate diff entry concerns one of the info tables."""
    items = change if isinstance(change, list) else [change]
    for item in items:
        for part in item:
            table = getattr(part, "table", None)
            name = getattr(table, "name", None) or getattr(part, "name", None)
            if name in names or (isinstance(part, str) and part in names):
                return True
    return False
