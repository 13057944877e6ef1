"""A client that leaves a scan's event stream ends its subscription at once, not at the
next heartbeat: served by uvicorn with the product's protocol (ASGI 2.3), through HTTP."""

from __future__ import annotations

import asyncio
import socket

import httpx
import uvicorn
from prometheus_client import REGISTRY

from ecoeco.scan.settings import ScanSettings
from ecoeco.serving import http_protocol
from tests.conftest import AppFactory, eventually
from tests.e2e.scan.conftest import login
from tests.processes import free_port


def open_streams() -> float:
    return REGISTRY.get_sample_value("ecoeco_sse_connections", {"service": "test"}) or 0.0


async def test_a_client_leaving_a_running_scans_stream_ends_its_subscription(
    app_factory: AppFactory,
) -> None:
    # No ai worker: the scan stays queued, its stream waits for events that do not come.
    settings = [ScanSettings(sse_heartbeat_seconds=60)]
    async with app_factory(["auth", "scan"], settings=settings) as running:
        auth = await login(running.client)
        created = await running.client.post("/api/v1/scan", json={"hint": "종이컵"}, headers=auth)
        assert created.status_code == 202, created.text
        events_url = created.json()["events_url"]

        sock = socket.socket()
        sock.bind(("127.0.0.1", free_port()))
        config = uvicorn.Config(
            running.app, http=http_protocol(), lifespan="off", log_level="warning"
        )
        server = uvicorn.Server(config)
        serving = asyncio.create_task(server.serve(sockets=[sock]))
        while not server.started:
            await asyncio.sleep(0.01)
        try:
            before = open_streams()
            base = f"http://127.0.0.1:{sock.getsockname()[1]}"
            async with (
                httpx.AsyncClient(base_url=base) as client,
                client.stream("GET", events_url, headers=auth) as response,
            ):
                assert response.status_code == 200
                assert response.headers["content-type"].startswith("text/event-stream")
                first = await anext(response.aiter_raw())
                assert first.startswith(b"retry: 1000")
                assert open_streams() == before + 1
            # The connection is closed: the stream's body ends, long before a heartbeat.

            async def ended() -> bool:
                return open_streams() == before

            await eventually(ended, timeout=5)
        finally:
            server.should_exit = True
            await serving
