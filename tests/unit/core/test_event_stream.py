"""`EventStream` watches for the client leaving with one task: the body ends at once,
the response ends quietly; any other cancellation still goes on; nothing is left behind."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from starlette.responses import StreamingResponse

from ecoeco.core.responses import EventStream

SCOPE: dict[str, Any] = {"type": "http", "asgi": {"version": "3.0"}, "method": "GET"}


def waiting_body(closed: list[str]) -> AsyncIterator[bytes]:
    async def body() -> AsyncIterator[bytes]:
        try:
            yield b"retry: 1000\n\n"
            await asyncio.sleep(3600)
            yield b"never\n\n"
        finally:
            closed.append("closed")

    return body()


def stream(body: AsyncIterator[bytes]) -> EventStream:
    response = StreamingResponse(
        body, media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )
    return EventStream.taking_over(response)


async def test_the_client_leaving_ends_the_body_and_the_response_quietly() -> None:
    closed: list[str] = []
    left = asyncio.Event()
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await left.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    responding = asyncio.create_task(stream(waiting_body(closed))(dict(SCOPE), receive, send))
    await asyncio.sleep(0.01)
    assert sent[0]["type"] == "http.response.start"
    assert (b"cache-control", b"no-cache") in sent[0]["headers"]
    assert sent[1]["body"] == b"retry: 1000\n\n"
    left.set()
    await asyncio.wait_for(responding, 1)  # no exception: ended as Starlette's would
    assert closed == ["closed"]
    assert responding.cancelling() == 0


async def test_a_cancellation_from_elsewhere_is_not_swallowed() -> None:
    closed: list[str] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        pass

    responding = asyncio.create_task(stream(waiting_body(closed))(dict(SCOPE), receive, send))
    await asyncio.sleep(0.01)
    responding.cancel()
    with pytest.raises(asyncio.CancelledError):
        await responding
    assert closed == ["closed"]


async def test_a_finished_stream_leaves_no_watcher_behind() -> None:
    async def body() -> AsyncIterator[bytes]:
        yield b"retry: 1000\n\n"
        yield b"event: done\ndata: {}\n\n"

    complete = asyncio.Event()
    parts: list[bytes] = []

    async def receive() -> dict[str, Any]:
        await complete.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            parts.append(message["body"])
            if not message.get("more_body", False):
                complete.set()

    before = len(asyncio.all_tasks())
    await stream(body())(dict(SCOPE), receive, send)
    await asyncio.sleep(0)
    assert b"".join(parts) == b"retry: 1000\n\nevent: done\ndata: {}\n\n"
    assert len(asyncio.all_tasks()) == before
