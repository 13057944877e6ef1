"""The ai worker works on several scans at once: their waits overlap, not queue."""

from __future__ import annotations

import asyncio

from ecoeco.core.storage import ObjectStorage
from ecoeco.workers.ai import AiRuntime
from tests.conftest import AppFactory
from tests.e2e.scan.conftest import follow, login, upload
from tests.fixtures.images import photos

SCANS = 8  # twice the prefetch the worker had before


class Gate:
    """Object storage whose reads wait (at most `patience` s) until `wanted` are in flight."""

    def __init__(self, inner: ObjectStorage, wanted: int, patience: float = 10.0) -> None:
        self.inner = inner
        self.wanted = wanted
        self.patience = patience
        self.in_flight = 0
        self.most = 0
        self.opened = asyncio.Event()

    async def get(self, key: str) -> bytes:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        if self.in_flight >= self.wanted:
            self.opened.set()
        try:
            await asyncio.wait_for(self.opened.wait(), self.patience)
        except TimeoutError:
            pass  # fewer came at once: the assertion below says so
        finally:
            self.in_flight -= 1
        return await self.inner.get(key)


async def test_the_ai_worker_holds_several_scans_in_flight(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        client = running.client
        pipeline = running.runtime(AiRuntime).pipeline
        gate = Gate(pipeline.storage, SCANS)
        pipeline.storage = gate  # type: ignore[assignment]  # reads only; writes go elsewhere
        auth = await login(client)
        ids = []
        for _ in range(SCANS):
            stored = await upload(client, auth, photos.committed("coffee.jpg"))
            assert stored.status_code == 201, stored.text
            created = await client.post(
                "/api/v1/scan", json={"image_key": stored.json()["image_key"]}, headers=auth
            )
            assert created.status_code == 202, created.text
            ids.append(created.json()["id"])

        streams = await asyncio.gather(*(follow(client, auth, i, timeout=60) for i in ids))

        assert gate.most >= SCANS, f"at most {gate.most} scans were read at once"
        assert all(events[-1].event == "done" for events in streams)
