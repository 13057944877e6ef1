"""The info module's scheduled job: reads ECOECO_INFO_FEEDS and collects on its interval."""

from __future__ import annotations

import asyncio
import contextlib
import json

import pytest

from ecoeco.info import SERVICE, InfoRuntime
from tests.conftest import AppFactory, eventually
from tests.e2e.info.conftest import BASE_TIME, Document, FeedServer, entries, rss


async def test_scheduled_job_collects_configured_feeds(
    app_factory: AppFactory, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_server.documents["/scheduled.xml"] = Document(rss(entries(3, start=BASE_TIME, prefix="s")))
    feeds = [{"url": feed_server.url("/scheduled.xml"), "name": "scheduled", "category": "tips"}]
    monkeypatch.setenv("ECOECO_INFO_FEEDS", json.dumps(feeds))
    monkeypatch.setenv("ECOECO_INFO_COLLECT_INTERVAL_SECONDS", "0.2")
    (job,) = SERVICE.scheduled
    async with app_factory(["info"]) as running:
        task = asyncio.create_task(job(running.runtime(InfoRuntime)))
        try:

            async def collected_twice() -> bool:
                return len(feed_server.seen("/scheduled.xml")) >= 2

            await eventually(collected_twice)
            news = (await running.client.get("/api/v1/info/news")).json()["items"]
            assert [a["category"] for a in news] == ["tips"] * 3
            assert not task.done()
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def test_scheduled_job_is_idle_without_feeds(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ECOECO_INFO_FEEDS", raising=False)
    (job,) = SERVICE.scheduled
    async with app_factory(["info"]) as running:
        await asyncio.wait_for(job(running.runtime(InfoRuntime)), timeout=5)
