"""Helpers for bus tests: a side-effect table and a counting handler."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from ecoeco.core.bus import MessageContext
from ecoeco.core.db import Database

EFFECTS_DDL = (
    "CREATE TABLE IF NOT EXISTS test_bus_effects (consumer VARCHAR(50), message_id VARCHAR(32))"
)


async def create_effects_table(db: Database) -> None:
    """A table outside every service where test handlers record what they applied."""
    async with db.transaction() as session:
        await session.execute(text(EFFECTS_DDL))


@asynccontextmanager
async def bus_database(folder: Path, template: Path) -> AsyncIterator[Database]:
    """A started database on a copy of the migrated SQLite template, with the effects table."""
    shutil.copy(template, folder / "bus.db")
    database = Database(f"sqlite+aiosqlite:///{folder / 'bus.db'}")
    await database.start()
    await create_effects_table(database)
    try:
        yield database
    finally:
        await database.stop()


async def equals(value: Awaitable[int], expected: int) -> bool:
    """For `eventually`: whether the awaited count is `expected`."""
    return await value == expected


async def effects(db: Database, message_id: str) -> int:
    """How many times a message's effect was committed."""
    async with db.session() as session:
        result = await session.execute(
            text("SELECT count(*) FROM test_bus_effects WHERE message_id = :m"), {"m": message_id}
        )
        return int(result.scalar_one())


@dataclass
class Recorder:
    """A handler that commits one effect row per application, and can be told to fail or hang."""

    calls: int = 0
    fail: bool = False
    hang: asyncio.Event | None = None
    started: asyncio.Event = field(default_factory=asyncio.Event)

    async def __call__(self, ctx: MessageContext) -> None:
        self.calls += 1
        self.started.set()
        await ctx.session.execute(
            text("INSERT INTO test_bus_effects (consumer, message_id) VALUES ('t', :m)"),
            {"m": ctx.envelope.id},
        )
        if self.hang is not None:
            await self.hang.wait()
        if self.fail:
            raise RuntimeError("handler always fails")
