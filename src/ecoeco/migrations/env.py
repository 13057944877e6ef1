"""Alembic environment: async engines, one schema per service on PostgreSQL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from ecoeco.composition import SCHEMAS, registry
from ecoeco.core.db.base import Base
from ecoeco.core.db.session import is_sqlite, translate_map

registry()  # import every model so the metadata is complete
url = context.config.get_main_option("sqlalchemy.url") or ""


def run(connection: Connection) -> None:
    sqlite = is_sqlite(url)
    if not sqlite:
        for schema in SCHEMAS:
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        include_schemas=not sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    engine = create_async_engine(url, poolclass=NullPool)
    async with engine.connect() as connection:
        mapping = translate_map(url)
        if mapping is not None:
            # Every declared schema folds into the SQLite file, even before its models exist.
            mapping = {**{schema: None for schema in SCHEMAS}, **mapping}
            connection = await connection.execution_options(schema_translate_map=mapping)
        await connection.run_sync(run)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `ecoeco migrate`")
asyncio.run(run_online())
