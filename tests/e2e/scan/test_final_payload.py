"""A scan's payloads where they leave the process: the outbox rows, the stored result and
the final SSE frame, each as the models write them (the round trips between were cut)."""

from __future__ import annotations

import asyncio

import httpx
import orjson
from sqlalchemy import select

from ecoeco.contracts.events import ScanCompleted, ScanFinished
from ecoeco.contracts.scan import ScanFinalEvent
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.scan.models import ScanJob
from tests.conftest import AppFactory
from tests.e2e.scan.conftest import login, upload
from tests.fixtures.images import photos


async def _final_data(client: httpx.AsyncClient, auth: dict[str, str], url: str, **h: str) -> bytes:
    """The `data:` line of the stream's last event, as sent."""
    response = await asyncio.wait_for(client.get(url, headers={**auth, **h}), 30)
    frames = [
        f
        for f in response.text.split("\n\n")
        if any(line.startswith("event: ") for line in f.splitlines())
    ]
    lines = dict(line.split(": ", 1) for line in frames[-1].splitlines() if ": " in line)
    return lines["data"].encode()


async def test_outbox_rows_result_and_final_frame_are_the_models_dumps(
    app_factory: AppFactory,
) -> None:
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        image_key = (await upload(client, auth, photos.committed("coffee.jpg"))).json()["image_key"]
        created = await client.post("/api/v1/scan", json={"image_key": image_key}, headers=auth)
        scan_id = created.json()["id"]
        events_url = f"/api/v1/scan/{scan_id}/events"

        live = await _final_data(client, auth, events_url)
        # the synthetic final event is made from the stored row, through the model
        stored = await _final_data(client, auth, events_url, **{"Last-Event-ID": "final"})
        assert live == stored  # byte for byte
        final = orjson.loads(live)
        assert final["status"] == "done"
        assert ScanFinalEvent.model_validate(final).model_dump(mode="json") == final

        async with running.container.db.session() as session:
            rows = (await session.execute(select(OutboxMessage))).scalars().all()
            job = await session.get(ScanJob, scan_id)
        by_type = {row.type: row for row in rows if row.payload.get("scan_id") == scan_id}
        finished = by_type[ScanFinished.TYPE].payload
        assert ScanFinished.model_validate(finished).model_dump(mode="json") == finished
        completed = by_type[ScanCompleted.TYPE].payload
        assert ScanCompleted.model_validate(completed).model_dump(mode="json") == completed
        assert job is not None
        assert job.result == finished["result"] == final["result"]
        assert job.error is None
        assert finished["error"] is None
