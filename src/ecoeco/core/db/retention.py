"""Deleting rows past their retention: in small batches, each its own short transaction,
so no lock is held long and a crash loses at most one batch's progress."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.db.session import Database

BATCH = 2000

Batch = Callable[[AsyncSession, datetime], Awaitable[int]]
"""Deletes up to `BATCH` rows older than the cut-off; answers how many it deleted."""


async def delete_in_batches(db: Database, batch: Batch, before: datetime) -> int:
    """Run `batch` until it deletes fewer than a full batch; the total deleted."""
    total = 0
    while True:
        async with db.transaction() as session:
            deleted = await batch(session, before)
        total += deleted
        if deleted < BATCH:
            return total


def rowcount(result: object) -> int:
    """How many rows a DELETE touched (0 when the driver does not say)."""
    return int(getattr(result, "rowcount", 0) or 0)
