"""Helpers of the users tests: find any trace of a user in a service's tables."""

from __future__ import annotations

from sqlalchemy import select

from ecoeco.core.container import Container
from ecoeco.core.db.base import Base


async def traces(container: Container, needles: list[str], schemas: set[str]) -> list[str]:
    """`schema.table` of every row in those schemas with a value containing a needle."""
    found: list[str] = []
    async with container.db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.schema not in schemas:
                continue
            for row in (await session.execute(select(table))).all():
                text = " ".join(str(value) for value in row)
                if any(needle in text for needle in needles):
                    found.append(f"{table.schema}.{table.name}")
    return found
