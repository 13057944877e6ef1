"""`ecoeco users reapply-erasures`: after a database restore, erase again everyone
deleted since the backup.

The deletion record (`users.ledger`, in the object store) holds pseudonyms only, so the
accounts are found by hashing every account id the restored database holds and keeping
those with a record. For each one a fresh `user.deleted` goes to the outbox: the relay
publishes it and every service erases the person again, bus copies included.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Column, select

from ecoeco.composition import build_container
from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import publish
from ecoeco.core.db import Database
from ecoeco.core.db.base import Base
from ecoeco.core.security.pseudonyms import erasure_key, pseudonym
from ecoeco.core.security.tokens import mark_erased
from ecoeco.core.settings import CoreSettings
from ecoeco.users import ledger

ID_COLUMNS = ("user_id", "account_id", "author_id")
"""Columns holding an account id, in whichever service's tables."""


@dataclass(frozen=True)
class Reapplied:
    """What one run found: deletion records read, accounts erased again."""

    records: int
    erased: int


def _id_columns() -> list[Column[str]]:
    columns: list[Column[str]] = []
    for table in Base.metadata.sorted_tables:
        if table.schema == "auth" and table.name == "accounts":
            columns.append(table.c.id)
        columns += [c for c in table.columns if c.name in ID_COLUMNS]
    return columns


async def account_ids(db: Database) -> set[str]:
    """Every account id any table of the (restored) database holds."""
    found: set[str] = set()
    async with db.read_session() as session:
        for column in _id_columns():
            rows = await session.execute(select(column).distinct())
            found.update(str(value) for value in rows.scalars() if value)
    return found


async def reapply(settings: CoreSettings, since: datetime | None) -> Reapplied:
    """Erase again every account with a deletion record at or after `since`."""
    container = build_container(settings, "cli")
    await container.db.start()
    try:
        records = await ledger.since(container.storage, since)
        wanted = {r.pseudonym for r in records}
        key = erasure_key(settings)
        again = sorted(i for i in await account_ids(container.db) if pseudonym(key, i) in wanted)
        if again:
            async with container.db.transaction() as session:
                for user_id in again:
                    publish(session, UserDeleted(user_id=user_id))
            for user_id in again:  # tokens of a restored account stop working at once
                await mark_erased(container.cache, user_id)
        return Reapplied(records=len(records), erased=len(again))
    finally:
        await container.db.stop()
        await container.close()
