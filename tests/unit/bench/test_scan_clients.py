"""The scan bench's lean ASGI driver asks what httpx asks, and fails where httpx's client does.

A recording ASGI app stands in for the backend: it answers the scan's POST with 202 and
an events URL, and the stream's GET with an SSE body. The bench against the real app,
with each client, is `tests/e2e/test_bench_scan.py`.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from bench.scan.clients import BASE_URL, AsgiClients, HttpxClients

AUTH = {"Authorization": "Bearer a-token"}
KEY = "uploads/bench-user/coffee.jpg"


class RecordingApp:
    """Answers a scan's two requests; records each request's scope and body."""

    def __init__(self, created: int = 202, stream: bytes = b"event: done\ndata: {}\n\n") -> None:
        self.created, self.stream = created, stream
        self.requests: list[tuple[dict[str, Any], bytes]] = []
        self.disconnected_early = False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        self.requests.append((dict(scope), body))
        if scope["method"] == "POST":
            answer = json.dumps({"events_url": "/api/v1/scan/s-1/events"}).encode()
            await send({"type": "http.response.start", "status": self.created, "headers": []})
            await send({"type": "http.response.body", "body": answer})
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        # As Starlette's StreamingResponse does under ASGI spec 2.0: the stream runs
        # while a listener waits for the client to go; it must not go before the end.
        for line in self.stream.splitlines(keepends=True):
            await send({"type": "http.response.body", "body": line, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        if (await receive())["type"] != "http.disconnect":
            self.disconnected_early = True


async def _httpx_requests(app: RecordingApp) -> list[tuple[dict[str, Any], bytes]]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        await HttpxClients(client, AUTH, KEY).scan()
    return app.requests


async def test_the_lean_driver_sends_the_scope_headers_and_body_httpx_sends() -> None:
    by_httpx = await _httpx_requests(RecordingApp())
    lean = RecordingApp()
    await AsgiClients(lean, AUTH, KEY).scan()
    assert len(lean.requests) == len(by_httpx) == 2
    for (scope, body), (expected_scope, expected_body) in zip(lean.requests, by_httpx, strict=True):
        assert scope == expected_scope
        assert body == expected_body
    post, _ = lean.requests[0]
    assert (b"authorization", b"Bearer a-token") in post["headers"]
    assert json.loads(lean.requests[0][1]) == {"image_key": KEY}
    assert lean.requests[1][0]["path"] == "/api/v1/scan/s-1/events"
    assert not lean.disconnected_early


async def test_the_lean_driver_runs_a_level_of_concurrent_scans() -> None:
    app = RecordingApp()
    ran = await AsgiClients(app, AUTH, KEY).level(4, 0.05)
    assert len(ran.latencies) >= 4
    assert len(app.requests) == 2 * len(ran.latencies)
    assert ran.clients_cpu is None


@pytest.mark.parametrize(
    ("app", "message"),
    [
        (RecordingApp(created=429), "answered 429"),
        (RecordingApp(stream=b"event: failed\ndata: {}\n\n"), "did not finish as done"),
    ],
)
async def test_the_lean_driver_fails_where_httpx_fails(app: RecordingApp, message: str) -> None:
    with pytest.raises((RuntimeError, httpx.HTTPStatusError)):
        await _httpx_requests(app)
    app.requests.clear()
    with pytest.raises(RuntimeError, match=message):
        await AsgiClients(app, AUTH, KEY).scan()
