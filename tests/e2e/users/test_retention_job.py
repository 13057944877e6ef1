"""The retention purge is a scheduled job of the relay (and the embedded process): it
deletes published outbox rows, inbox records and dead letters past their retention, on
both backends, and reports what it did as metrics."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

from prometheus_client import REGISTRY
from sqlalchemy import func, select

from ecoeco.composition import compose
from ecoeco.core.bus.models import DeadLetter, InboxRecord, OutboxMessage
from ecoeco.core.container import Container
from ecoeco.core.db import new_id, utcnow
from ecoeco.core.settings import CoreSettings
from ecoeco.users import SERVICE, UsersRuntime
from ecoeco.users.erasure import purge_forever
from ecoeco.users.settings import UsersSettings
from tests.conftest import AppFactory, eventually


def test_the_relay_and_the_embedded_process_schedule_the_purge(tmp_path: object) -> None:
    assert purge_forever in SERVICE.scheduled
    settings = CoreSettings(data_dir=tmp_path, env="test")
    for names in (None, ["relay"]):
        app = compose(settings, names, scheduled=None)
        assert "users" in [m.name for m in app.state.lifecycle.scheduled]
    app = compose(settings, ["users"])
    assert app.state.lifecycle.scheduled == []


def _sample(name: str, labels: dict[str, str]) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def _rows(container: Container) -> tuple[int, int, int]:
    async with container.db.session() as session:
        found = []
        for model in (OutboxMessage, InboxRecord, DeadLetter):
            count = select(func.count()).select_from(model)
            found.append((await session.execute(count)).scalar_one())
    return found[0], found[1], found[2]


async def test_the_scheduled_purge_keeps_only_what_is_in_its_retention(
    app_factory: AppFactory,
) -> None:
    settings = UsersSettings(retention_interval_seconds=0.2, dead_letter_retention_days=20)
    async with app_factory(["users"], settings=[settings]) as running:
        container = running.container
        old, recent = utcnow() - timedelta(days=8), utcnow() - timedelta(hours=1)
        async with container.db.transaction() as session:
            for at in (old, recent):
                session.add(
                    OutboxMessage(
                        message_id=new_id(), type="t", payload={}, created_at=at, published_at=at
                    )
                )
                session.add(InboxRecord(consumer="c", message_id=new_id(), processed_at=at))
            for days in (21, 19):
                at = utcnow() - timedelta(days=days)
                session.add(DeadLetter(consumer="c", message_id=new_id(), body="{}", created_at=at))
        before = await _rows(container)
        purged = _sample("ecoeco_retention_purged_total", {"table": "dead_letters"})
        task = asyncio.create_task(purge_forever(running.runtime(UsersRuntime)))
        try:

            async def purged_once() -> bool:
                return await _rows(container) == (before[0] - 1, before[1] - 1, before[2] - 1)

            await eventually(purged_once)
            assert not task.done()
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        after = _sample("ecoeco_retention_purged_total", {"table": "dead_letters"})
        assert after == purged + 1
        last = _sample("ecoeco_retention_last_run_timestamp_seconds", {"service": "users"})
        assert last > utcnow().timestamp() - 60
