"""SIGKILL the ai worker with 20 scans in flight: after a restart each ends once, exactly."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from ecoeco.composition import Shared, compose
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.core.settings import CoreSettings
from ecoeco.scan.models import ScanJob
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
    try:
        async with app.router.lifespan_context(app):
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

                worker = await asyncio.to_thread(start_process, ["worker", "ai"], env, tmp_path)

                async def some_finished() -> bool:
                    return await _count(container, "scan.finished") >= 1

                await eventually(some_finished, timeout=120)
                worker.kill()
                finished_at_kill = await _count(container, "scan.finished")
                assert finished_at_kill < SCANS, "every scan finished before the kill"

                worker = await asyncio.to_thread(start_process, ["worker", "ai"], env, tmp_path)

                async def all_final() -> bool:
                    async with container.db.session() as session:
                        rows = (
                            await session.execute(select(ScanJob.status).where(ScanJob.id.in_(ids)))
                        ).scalars()
                        return sorted(rows) == ["done"] * SCANS

                await eventually(all_final, timeout=120)
                await asyncio.sleep(1.0)  # a duplicate would be published by now
                assert await _count(container, "scan.completed") == SCANS
                assert await _count(container, "scan.finished") == SCANS
                for scan_id in ids[:3]:
                    scan = (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()
                    assert scan["status"] == "done"
                    assert scan["result"]["guide"]["steps"]
    finally:
        if worker is not None:
            worker.stop()
        await truncate_all(postgres_url)
