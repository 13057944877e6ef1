"""Both event hubs replay what a reconnecting client missed, in order, also over SSE."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Header
from redis.asyncio import Redis
from starlette.responses import StreamingResponse

from ecoeco.core.events import EventHub, HubEvent, MemoryEventHub, RedisEventHub, sse_response
from tests.servers import REDIS_URL, need


@pytest.fixture(params=["memory", "redis"])
async def hub(request: pytest.FixtureRequest) -> AsyncIterator[EventHub]:
    if request.param == "memory":
        yield MemoryEventHub()
        return
    need("redis")
    client = Redis.from_url(REDIS_URL)
    yield RedisEventHub(client, namespace=f"test:{uuid.uuid4().hex}:")
    await client.aclose()


async def take(hub: EventHub, stream: str, after: str | None, n: int) -> list[HubEvent]:
    seen: list[HubEvent] = []
    async for item in hub.subscribe(stream, after, timeout=2):
        if item is None:
            break
        seen.append(item)
        if len(seen) == n:
            break
    return seen


async def test_reconnect_receives_every_missed_event_in_order(hub: EventHub) -> None:
    stream = f"job:{uuid.uuid4().hex}"
    for stage in ("queued", "vision", "rule"):
        await hub.publish(stream, "stage", {"stage": stage})
    first = await take(hub, stream, None, 2)
    assert [e.data["stage"] for e in first] == ["queued", "vision"]
    # The client drops here; more happens while it is away.
    for stage in ("answer", "reward", "done"):
        await hub.publish(stream, "stage", {"stage": stage})
    resumed = await take(hub, stream, first[-1].id, 4)
    assert [e.data["stage"] for e in resumed] == ["rule", "answer", "reward", "done"]


async def test_live_subscriber_gets_events_published_after_it_joined(hub: EventHub) -> None:
    stream = f"job:{uuid.uuid4().hex}"
    reader = asyncio.create_task(take(hub, stream, None, 2))
    await asyncio.sleep(0.1)
    await hub.publish(stream, "stage", {"n": 1})
    await hub.publish(stream, "done", {"n": 2})
    events = await asyncio.wait_for(reader, 5)
    assert [e.event for e in events] == ["stage", "done"]


def sse_app(hub: EventHub) -> FastAPI:
    app = FastAPI()

    @app.get("/jobs/{job}/events")
    async def events(job: str, last_event_id: str | None = Header(None)) -> StreamingResponse:
        return sse_response(
            hub,
            f"job:{job}",
            last_event_id=last_event_id,
            is_final=lambda e: e.event == "done",
            service="test",
        )

    return app


def parse_sse(body: str) -> list[dict[str, str]]:
    frames = []
    for block in body.split("\n\n"):
        fields = dict(
            line.split(": ", 1)
            for line in block.splitlines()
            if ": " in line and not line.startswith(":")
        )
        if "event" in fields:
            frames.append(fields)
    return frames


async def test_sse_resumes_from_last_event_id(hub: EventHub) -> None:
    job = uuid.uuid4().hex
    for stage in ("queued", "vision", "rule", "done"):
        await hub.publish(f"job:{job}", "done" if stage == "done" else "stage", {"stage": stage})
    transport = httpx.ASGITransport(app=sse_app(hub))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        full = parse_sse((await client.get(f"/jobs/{job}/events")).text)
        assert [f["data"] for f in full][-1] == '{"stage":"done"}'
        resumed = await client.get(f"/jobs/{job}/events", headers={"Last-Event-ID": full[1]["id"]})
        assert resumed.headers["content-type"].startswith("text/event-stream")
        frames = parse_sse(resumed.text)
        assert [f["id"] for f in frames] == [f["id"] for f in full[2:]]


async def test_the_memory_hub_forgets_idle_streams_and_keeps_live_ones() -> None:
    """A stream idle past the TTL is gone for a late reader; one published to since,
    even if it was created first, is still replayed in full."""
    hub = MemoryEventHub(ttl=0.2)
    await hub.publish("early-but-live", "stage", {"n": 1})
    await hub.publish("idle", "stage", {"n": 1})
    await asyncio.sleep(0.15)
    await hub.publish("early-but-live", "stage", {"n": 2})  # touched again: kept
    await asyncio.sleep(0.1)
    await hub.publish("other", "stage", {"n": 1})  # a publish is when streams expire
    live = await take(hub, "early-but-live", None, 2)
    assert [e.data["n"] for e in live] == [1, 2]
    idle: list[HubEvent | None] = []
    async for item in hub.subscribe("idle", None, timeout=0.1):
        idle.append(item)
        break
    assert idle == [None]  # nothing left to replay


async def test_events_published_together_reach_a_waiting_reader_together(
    hub: EventHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = f"job:{uuid.uuid4().hex}"
    replies: list[int] = []
    if isinstance(hub, RedisEventHub):
        read = hub.client.xread

        async def counted(*args: Any, **kwargs: Any) -> Any:
            reply = await read(*args, **kwargs)
            replies.append(sum(len(entries) for _name, entries in reply or []))
            return reply

        monkeypatch.setattr(hub.client, "xread", counted)
    reader = asyncio.create_task(take(hub, stream, None, 3))
    await asyncio.sleep(0.1)
    ids = await hub.publish_many(stream, [("vision", {"n": 1}), ("rule", {"n": 2}), ("answer", {})])
    events = await asyncio.wait_for(reader, 5)
    assert [(e.id, e.event) for e in events] == list(
        zip(ids, ["vision", "rule", "answer"], strict=True)
    )
    if isinstance(hub, RedisEventHub):
        assert [n for n in replies if n] == [3]  # one read brought all three
    assert await hub.publish_many(stream, []) == []


async def test_a_waiting_memory_subscriber_is_its_own_task_only() -> None:
    """A wait for the next event makes no task of its own (asyncio.wait_for did, per wait)."""
    hub = MemoryEventHub()
    before = len(asyncio.all_tasks())
    reader = asyncio.create_task(take(hub, "s", None, 1))
    await asyncio.sleep(0.05)
    assert len(asyncio.all_tasks()) == before + 1
    await hub.publish("s", "e", {"n": 1})
    assert [e.data for e in await reader] == [{"n": 1}]
