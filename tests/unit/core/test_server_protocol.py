"""The HTTP protocol `ecoeco serve` runs: headers leave with the body that follows them,
and never wait for a body that comes later."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn
from starlette.types import Receive, Scope, Send

from ecoeco.core.server_protocol import HttpToolsOneWriteProtocol
from ecoeco.core.settings import CoreSettings
from ecoeco.serving import ServerSettings, _uvicorn_options, http_protocol


@asynccontextmanager
async def served(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    """`app` behind uvicorn with the product's protocol, on a local socket."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, http=http_protocol(), lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    try:
        base = f"http://127.0.0.1:{sock.getsockname()[1]}"
        async with httpx.AsyncClient(base_url=base) as client:
            yield client
    finally:
        server.should_exit = True
        await task


async def test_headers_sent_before_a_late_body_are_not_held_back() -> None:
    release = asyncio.Event()

    async def app(_scope: Scope, _receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"text/event-stream")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await release.wait()  # the first event is not there yet
        await send({"type": "http.response.body", "body": b"data: 1\n\n", "more_body": False})

    async with served(app) as client, client.stream("GET", "/events") as response:
        # The headers arrived although the body is still waiting for `release`.
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/event-stream"
        release.set()
        assert await response.aread() == b"data: 1\n\n"


async def test_a_closed_connection_still_gets_its_headers() -> None:
    async def app(_scope: Scope, _receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async with served(app) as client:
        response = await client.get("/", headers={"Connection": "close"})
        assert response.status_code == 204


def test_serve_runs_the_one_write_protocol_unless_h11_is_asked_for() -> None:
    core = CoreSettings(env="test")
    assert _uvicorn_options(ServerSettings(), core)["http"] is HttpToolsOneWriteProtocol
    assert _uvicorn_options(ServerSettings(http="httptools"), core)["http"] is (
        HttpToolsOneWriteProtocol
    )
    assert _uvicorn_options(ServerSettings(http="h11"), core)["http"] == "h11"
