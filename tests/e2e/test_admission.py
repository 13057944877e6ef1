"""Past its admission limit a process answers 503 `overloaded` + Retry-After at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
from starlette.types import Message, Receive, Scope, Send

from ecoeco.core.admission import AdmissionLimit
from tests.conftest import AppFactory, Backend, auth_header


async def slow_body(release: asyncio.Event) -> AsyncIterator[bytes]:
    """A multipart upload whose last bytes come only when `release` is set."""
    yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n'
    await release.wait()
    yield b"Content-Type: image/jpeg\r\n\r\nnot really a jpeg\r\n--b--\r\n"


async def test_a_full_process_sheds_with_retry_after_and_keeps_answering_probes(
    app_factory: AppFactory, backend: Backend, signer: object
) -> None:
    backend.settings = backend.settings.model_copy(
        update={
            "admission_max_in_flight": 1,
            "admission_max_queue": 1,
            "admission_max_wait_seconds": 0.3,
        }
    )
    async with app_factory() as running:
        client: httpx.AsyncClient = running.client
        headers = auth_header(signer)  # type: ignore[arg-type]
        release = asyncio.Event()
        upload = asyncio.create_task(
            client.post(
                "/api/v1/scan/uploads",
                content=slow_body(release),
                headers={**headers, "content-type": "multipart/form-data; boundary=b"},
            )
        )
        await asyncio.sleep(0.2)  # the upload holds the only place
        shed = await client.get("/api/v1/info/items", params={"q": "페트병"}, headers=headers)
        assert shed.status_code == 503, shed.text
        assert shed.json()["error"]["code"] == "overloaded"
        assert shed.headers["Retry-After"] == "1"
        assert (await client.get("/livez")).status_code == 200  # probes are never refused
        release.set()
        assert (await upload).status_code < 500
        served = await client.get("/api/v1/info/items", params={"q": "페트병"}, headers=headers)
        assert served.status_code == 200


async def test_waiting_requests_are_served_in_turn_within_the_wait() -> None:
    gate = asyncio.Event()
    order: list[str] = []

    async def app(scope: Scope, _receive: Receive, send: Send) -> None:
        order.append(scope["path"])
        if scope["path"] == "/first":
            await gate.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    limited = AdmissionLimit(app, service="t", max_in_flight=1, max_wait=5, max_queue=2)
    transport = httpx.ASGITransport(app=limited)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        first = asyncio.create_task(client.get("/first"))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(client.get("/second"))
        third = asyncio.create_task(client.get("/third"))
        await asyncio.sleep(0.05)
        refused = await client.get("/fourth")  # two already wait: no room in line
        assert refused.status_code == 503
        gate.set()
        answers = await asyncio.gather(first, second, third)
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert order == ["/first", "/second", "/third"]


async def test_a_stream_gives_its_place_back_once_its_headers_are_out() -> None:
    finish = asyncio.Event()

    async def app(scope: Scope, _receive: Receive, send: Send) -> None:
        if scope["path"] == "/stream":
            headers = [(b"content-type", b"text/event-stream")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await finish.wait()
        else:
            await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    limited = AdmissionLimit(app, service="t", max_in_flight=1, max_wait=0.2, max_queue=0)
    sent: list[Message] = []

    async def collect(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    stream = asyncio.create_task(limited({"type": "http", "path": "/stream"}, receive, collect))
    await asyncio.sleep(0.05)
    plain: list[Message] = []

    async def keep(message: Message) -> None:
        plain.append(message)

    await limited({"type": "http", "path": "/plain"}, receive, keep)
    assert plain[0]["status"] == 200
    finish.set()
    await stream
