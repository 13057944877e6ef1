"""After a database restore, `ecoeco users reapply-erasures` erases again everyone deleted
since the backup: delete, restore the old rows, reapply, gone. On both backends."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Table, delete, select, tuple_

from ecoeco.core.container import Container
from ecoeco.core.db import utcnow
from ecoeco.core.db.base import Base
from ecoeco.core.storage import ObjectStorage
from ecoeco.erasures import reapply
from ecoeco.users import ledger
from tests.conftest import AppFactory, eventually
from tests.e2e.auth.helpers import auth_settings, bearer, dev_login
from tests.e2e.users.helpers import queued_traces, traces

SCHEMAS = {"bus", "auth", "users", "scan", "character", "location", "info", "chat"}
Backup = list[tuple[Table, list[dict[str, Any]]]]


async def _backup(container: Container, needle: str) -> Backup:
    """The rows that mention the person, table by table (what a dump would hold of them)."""
    kept: Backup = []
    async with container.db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.schema not in SCHEMAS:
                continue
            rows = [r._asdict() for r in (await session.execute(select(table))).all()]
            mine = [r for r in rows if needle in " ".join(str(v) for v in r.values())]
            if mine:
                kept.append((table, mine))
    return kept


async def _restore(container: Container, backup: Backup) -> None:
    """Put the rows back as they were in the backup (replacing any redacted copy)."""
    async with container.db.transaction() as session:
        for table, rows in backup:
            key = list(table.primary_key.columns)
            ids = [tuple(r[c.name] for c in key) for r in rows]
            await session.execute(delete(table).where(tuple_(*key).in_(ids)))
            await session.execute(table.insert(), rows)


async def _records(storage: ObjectStorage) -> list[str]:
    return [e.pseudonym for e in await ledger.since(storage, None)]


async def test_a_restored_backup_is_erased_again(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client, container = running.client, running.container
        tokens = await dev_login(client, "restored@example.com", "되살아난사람")
        other = await dev_login(client, "kept@example.com", "남은사람")
        for person in (tokens, other):
            auth = bearer(person["access_token"])
            assert (await client.get("/api/v1/users/me", headers=auth)).status_code == 200
            assert (await client.post("/api/v1/chat", json={}, headers=auth)).status_code == 201
        me = (await client.get("/api/v1/users/me", headers=bearer(tokens["access_token"]))).json()
        needles = [me["user_id"], "restored@example.com", "되살아난사람"]

        async def captured() -> bool:  # the registration reached every consumer
            found = set(await traces(container, needles, SCHEMAS))
            return {"auth.accounts", "users.profiles", "chat.conversations"} <= found

        await eventually(captured)
        backup_taken = utcnow() - timedelta(seconds=1)
        backup = await _backup(container, me["user_id"])

        deleted = await client.delete("/api/v1/users/me", headers=bearer(tokens["access_token"]))
        assert deleted.status_code == 204

        async def erased() -> bool:
            left = await traces(container, needles, SCHEMAS)
            return not left and not await queued_traces(container.settings, needles)

        await eventually(erased, timeout=30)
        (record,) = await _records(container.storage)
        assert me["user_id"] not in record, "the deletion record holds a pseudonym only"

        await _restore(container, backup)
        assert "users.profiles" in await traces(container, needles, SCHEMAS)

        nothing = await reapply(container.settings, utcnow() + timedelta(minutes=1))
        assert (nothing.records, nothing.erased) == (0, 0)
        result = await reapply(container.settings, backup_taken)
        assert (result.records, result.erased) == (1, 1)
        await eventually(erased, timeout=30)
        kept = set(await traces(container, ["kept@example.com", "남은사람"], SCHEMAS))
        assert {"auth.accounts", "users.profiles"} <= kept
