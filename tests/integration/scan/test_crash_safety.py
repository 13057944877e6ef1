"""SIGKILL the ai worker with scans in flight: after a restart each ends once, exactly.

The kill must find work in flight whatever the machine's speed: scans finish within
milliseconds once the worker runs, so timing alone cannot place a kill between them. The
test holds every other scan at a known point instead. Before the worker starts, it
inserts those scans' `ai` inbox rows in a transaction it keeps open: the worker's last
write for each of them (outbox rows and inbox row, one statement or one transaction)
waits on that key. When a write waits there and another scan has finished, the worker is
killed: the held scans have done their inference and sent their write, which cannot have
committed; others finished; the rest may still be queued. Half of the writes left waiting
are then cut off at the server, and the gate is rolled back: the others run to their end
though their worker is dead (a statement whose lock frees up does). A new worker takes
the redeliveries, and every scan must end once: no finished event lost, none twice.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from ecoeco.composition import Shared, compose
from ecoeco.contracts.events import ScanRequested
from ecoeco.core.bus.models import InboxRecord, OutboxMessage
from ecoeco.core.db import utcnow
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.core.settings import CoreSettings
from ecoeco.scan.models import ScanJob
from ecoeco.workers.ai import WORKER
from tests.conftest import auth_header, eventually, truncate_all
from tests.fixtures.images import photos
from tests.processes import start_process
from tests.servers import AMQP_URL, REDIS_URL, need

SCANS = 20


async def _count(container: object, event_type: str) -> int:
    db = container.db  # type: ignore[attr-defined]
    async with db.session() as session:
        found = await session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.type == event_type)
        )
    return int(found or 0)


async def _finished(container: object) -> list[str]:
    """The scan ids of every `scan.finished` in the outbox, once per row."""
    db = container.db  # type: ignore[attr-defined]
    async with db.read_session() as session:
        rows = await session.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.type == "scan.finished")
        )
        return [str(payload["scan_id"]) for payload in rows]


async def _requested(container: object) -> dict[str, str]:
    """Each scan's `scan.requested` message id, by scan id."""
    db = container.db  # type: ignore[attr-defined]
    async with db.read_session() as session:
        rows = await session.execute(
            select(OutboxMessage.message_id, OutboxMessage.payload).where(
                OutboxMessage.type == ScanRequested.TYPE
            )
        )
        return {str(payload["scan_id"]): message_id for message_id, payload in rows}


async def _waiting_on(watch: AsyncConnection, gate_pid: int) -> list[int]:
    """The backends that wait for the gate's transaction (each a held scan's write).

    `watch` autocommits: inside one transaction PostgreSQL shows the same snapshot of
    its activity on every read.
    """
    found = await watch.scalars(
        text(
            "SELECT pid FROM pg_stat_activity WHERE :gate = ANY(pg_blocking_pids(pid)) ORDER BY pid"
        ),
        {"gate": gate_pid},
    )
    return list(found)


@pytest.mark.slow
async def test_killing_the_ai_worker_loses_and_duplicates_nothing(
    postgres_url: str,
    tmp_path: Path,
    signing_key: SigningKey,
    signer: TokenSigner,
    shared: Shared,
) -> None:
    need("postgres", "redis", "rabbitmq")
    unique = uuid.uuid4().hex[:10]
    env = {
        "ECOECO_ENV": "test",
        "ECOECO_DATA_DIR": str(tmp_path),
        "ECOECO_DATABASE_URL": postgres_url,
        "ECOECO_REDIS_URL": REDIS_URL,
        "ECOECO_REDIS_NAMESPACE": f"test:{unique}:",
        "ECOECO_AMQP_URL": AMQP_URL,
        "ECOECO_AMQP_PREFIX": f"test.{unique}.",
        "ECOECO_STORAGE_URL": str(tmp_path / "objects"),
        "ECOECO_BUS_RETRY_BASE_SECONDS": "0.05",
        "ECOECO_AI_INTRA_OP_THREADS": "1",
    }
    settings = CoreSettings(
        data_dir=tmp_path,
        env="test",
        database_url=postgres_url,
        redis_url=REDIS_URL,
        redis_namespace=env["ECOECO_REDIS_NAMESPACE"],
        amqp_url=AMQP_URL,
        amqp_prefix=env["ECOECO_AMQP_PREFIX"],
        storage_url=env["ECOECO_STORAGE_URL"],
        bus_retry_base_seconds=0.05,
    )
    app = compose(
        settings,
        ["scan", "storage"],
        label="test",
        shared=shared,
        signing_keys=[signing_key],
        scheduled=False,
    )
    container = app.state.container
    auth = auth_header(signer)
    worker = None
    engine = create_async_engine(postgres_url)
    try:
        async with (
            app.router.lifespan_context(app),
            engine.connect() as gate,
            engine.connect() as opened,
        ):
            watch = await opened.execution_options(isolation_level="AUTOCOMMIT")
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                files = {"file": ("p.jpg", photos.committed("coffee.jpg"), "image/jpeg")}
                stored = await client.post("/api/v1/scan/uploads", headers=auth, files=files)
                key = stored.json()["image_key"]
                ids = []
                for _ in range(SCANS):
                    created = await client.post(
                        "/api/v1/scan", json={"image_key": key}, headers=auth
                    )
                    assert created.status_code == 202, created.text
                    ids.append(created.json()["id"])

                # The gate: every other scan's inbox row, inserted and not committed.
                messages = await _requested(container)
                held = set(ids[1::2])
                gate_pid = int(await gate.scalar(text("SELECT pg_backend_pid()")) or 0)
                await gate.execute(  # in the transaction the line above began
                    insert(InboxRecord),
                    [
                        {
                            "consumer": WORKER.name,
                            "message_id": messages[i],
                            "processed_at": utcnow(),
                        }
                        for i in held
                    ],
                )

                worker = await asyncio.to_thread(start_process, ["worker", "ai"], env, tmp_path)

                async def in_flight() -> bool:
                    return bool(await _finished(container) and await _waiting_on(watch, gate_pid))

                await eventually(in_flight, timeout=120)
                waiting = await _waiting_on(watch, gate_pid)
                worker.kill()
                finished_at_kill = await _finished(container)
                assert waiting, "no held scan's write was in flight at the kill"
                assert not held & set(finished_at_kill), "a held scan finished past its gate"
                assert len(finished_at_kill) <= SCANS - len(held)
                # A dead client's statement still runs to its end on the server once its
                # lock is free; one whose connection the server drops first writes none
                # of itself. Half of the writes left waiting go each way.
                for pid in waiting[::2]:
                    await watch.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
                await gate.rollback()

                worker = await asyncio.to_thread(start_process, ["worker", "ai"], env, tmp_path)

                async def all_final() -> bool:
                    async with container.db.session() as session:
                        rows = (
                            await session.execute(select(ScanJob.status).where(ScanJob.id.in_(ids)))
                        ).scalars()
                        return sorted(rows) == ["done"] * SCANS

                await eventually(all_final, timeout=120)
                await asyncio.sleep(1.0)  # a duplicate would be published by now
                assert sorted(await _finished(container)) == sorted(ids)  # each once
                assert await _count(container, "scan.completed") == SCANS
                assert await _count(container, "scan.finished") == SCANS
                assert await _applied(container, WORKER.name) == SCANS
                for scan_id in ids[:3]:
                    scan = (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()
                    assert scan["status"] == "done"
                    assert scan["result"]["guide"]["steps"]
    finally:
        if worker is not None:
            worker.stop()
        await engine.dispose()
        await truncate_all(postgres_url)


async def _applied(container: Any, consumer: str) -> int:
    async with container.db.read_session() as session:
        found = await session.scalar(
            select(func.count()).select_from(InboxRecord).where(InboxRecord.consumer == consumer)
        )
    return int(found or 0)
