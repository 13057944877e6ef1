"""One scan through HTTP, waited for until every consumer of its events has run."""

from __future__ import annotations

from collections import Counter
from contextlib import AbstractContextManager

import httpx
from sqlalchemy import func, select

from ecoeco.core.bus.models import InboxRecord
from ecoeco.core.db import Database
from tests.conftest import RunningApp, eventually
from tests.e2e.scan.conftest import follow, login, upload
from tests.fixtures.images import photos

CONSUMERS = 4  # ai, scan (scan.finished), users and character (scan.completed)


async def applied(db: Database) -> int:
    """Inbox rows: messages applied by any consumer (`SELECT count(*) FROM bus.inbox`)."""
    async with db.read_session() as session:
        found = await session.scalar(select(func.count()).select_from(InboxRecord))
    return int(found or 0)


async def settled_scan(
    client: httpx.AsyncClient, auth: dict[str, str], db: Database, image_key: str
) -> None:
    """POST a scan of `image_key`, follow its events to the end, then wait for its
    consumers."""
    done = await applied(db) + CONSUMERS
    created = await client.post("/api/v1/scan", json={"image_key": image_key}, headers=auth)
    assert created.status_code == 202, created.text
    events = await follow(client, auth, created.json()["id"])
    assert [e.event for e in events] == ["vision", "rule", "answer", "reward", "done"]

    async def settled() -> bool:
        return await applied(db) >= done

    await eventually(settled)


async def counted_scans(
    running: RunningApp, counting: AbstractContextManager[Counter[str]], scans: int
) -> Counter[str]:
    """Log in, upload a photo, settle one scan (it opens the pools' connections), then
    settle `scans` more inside `counting`; returns what it counted."""
    client, db = running.client, running.container.db
    auth = await login(client)
    stored = await upload(client, auth, photos.committed("coffee.jpg"))
    image_key = stored.json()["image_key"]
    await settled_scan(client, auth, db, image_key)
    with counting as seen:
        for _ in range(scans):
            await settled_scan(client, auth, db, image_key)
    return seen
