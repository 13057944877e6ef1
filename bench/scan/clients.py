"""The scan-only bench's clients: three ways to make the same two requests a scan takes.

Each client POSTs /api/v1/scan with the stored photo's key, then GETs the scan's SSE
stream and reads it to its end, which must hold `event: done`.

- `httpx`: an `httpx.AsyncClient` over `httpx.ASGITransport`, in the bench's process and
  on its event loop: what the bench always used, and the default.
- `asgi`: a lean in-process driver: one scope dict per request, `receive` and `send`
  callables, nothing else. Its requests carry the headers httpx would send (taken from
  httpx once, at the start) and the scope httpx's transport builds, so the app does the
  same work; the client's own work is what shrinks.
- `http`: the app served by uvicorn as `ecoeco serve` serves it (its protocol and
  options) on a local port, and the clients in a separate process speaking HTTP to it
  (`http_clients.py`): the bench's process runs the app alone, and its loop thread's
  CPU is the app's and the server's; the clients' process takes its share of the two
  cores, reported on its own.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import httpx

if TYPE_CHECKING:  # the app is not imported here: the `http` clients' process uses this module
    from fastapi import FastAPI

    from ecoeco.core.settings import CoreSettings

CLIENTS = ("httpx", "asgi", "http")
DESCRIPTIONS = {
    "httpx": "httpx.AsyncClient over httpx.ASGITransport, in this process (the default)",
    "asgi": "a lean ASGI driver (scope, receive, send), in this process",
    "http": "httpx over HTTP from a separate process, to the app served by uvicorn here",
}
BASE_URL = "http://bench"  # the in-process clients' origin (their Host header)
SCAN_PATH = "/api/v1/scan"
HTTP_CLIENTS = Path(__file__).with_name("http_clients.py")
AUTH_VARIABLE = "BENCH_SCAN_AUTH"  # the `http` clients' request headers, JSON (not in argv)


@dataclass(frozen=True)
class LevelRun:
    """What the clients did in one level: each scan's latency, and how long the level ran."""

    latencies: list[float]
    elapsed: float
    clients_cpu: float | None = None  # seconds; the clients' own process, when they have one


class Clients(Protocol):
    """Clients that run levels of concurrent scans against one app."""

    name: str
    served_at: str | None  # the app's URL when it is served over HTTP

    async def scan(self) -> float:
        """One scan, POST to the end of its stream; returns the latency."""
        ...

    async def level(self, clients: int, seconds: float) -> LevelRun:
        """`clients` concurrent loops of scans for `seconds`."""
        ...


async def looping(scan: Callable[[], Awaitable[float]], clients: int, seconds: float) -> LevelRun:
    """`clients` tasks on this loop, each scanning one after another until the deadline."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def loop() -> None:
        while time.perf_counter() < deadline:
            latencies.append(await scan())

    started = time.perf_counter()
    await asyncio.gather(*(loop() for _ in range(clients)))
    return LevelRun(latencies, time.perf_counter() - started)


def check_created(status: int, body: bytes) -> str:
    """The created scan's events URL; raises as `raise_for_status()` would on a non-2xx."""
    if not 200 <= status < 300:
        raise RuntimeError(f"POST {SCAN_PATH} answered {status}: {body[-300:]!r}")
    events: str = json.loads(body)["events_url"]
    return events


def check_done(text: str) -> None:
    """The stream must end with the scan done."""
    if "event: done" not in text:
        raise RuntimeError(f"scan did not finish as done: {text[-300:]}")


class HttpxClients:
    """Today's client: httpx over its in-process ASGI transport."""

    name = "httpx"
    served_at: str | None = None

    def __init__(self, client: httpx.AsyncClient, auth: dict[str, str], key: str) -> None:
        self.client, self.auth, self.key = client, auth, key

    async def scan(self) -> float:
        started = time.perf_counter()
        created = await self.client.post(SCAN_PATH, json={"image_key": self.key}, headers=self.auth)
        created.raise_for_status()
        stream = await self.client.get(created.json()["events_url"], headers=self.auth, timeout=120)
        check_done(stream.text)
        return time.perf_counter() - started

    async def level(self, clients: int, seconds: float) -> LevelRun:
        return await looping(self.scan, clients, seconds)


ASGIApp = Callable[
    [
        MutableMapping[str, Any],
        Callable[[], Awaitable[MutableMapping[str, Any]]],
        Callable[[MutableMapping[str, Any]], Awaitable[None]],
    ],
    Awaitable[None],
]


def _scope(request: httpx.Request) -> dict[str, Any]:
    """The scope httpx's ASGI transport would build for `request`."""
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": request.method,
        "headers": [(k.lower(), v) for (k, v) in request.headers.raw],
        "scheme": request.url.scheme,
        "path": request.url.path,
        "raw_path": request.url.raw_path.split(b"?")[0],
        "query_string": request.url.query,
        "server": (request.url.host, request.url.port),
        "client": ("127.0.0.1", 123),
        "root_path": "",
    }


class AsgiClients:
    """A lean driver: calls the app with a scope and two callables, collects the answer."""

    name = "asgi"
    served_at: str | None = None

    def __init__(self, app: ASGIApp, auth: dict[str, str], key: str) -> None:
        self.app = app
        # The requests as httpx builds them (headers, JSON body), built once.
        with httpx.Client(base_url=BASE_URL) as builder:
            post = builder.build_request("POST", SCAN_PATH, json={"image_key": key}, headers=auth)
            stream = builder.build_request("GET", f"{SCAN_PATH}/0/events", headers=auth)
        self.post_scope, self.post_body = _scope(post), post.read()
        self.get_scope = _scope(stream)

    async def call(
        self, template: dict[str, Any], path: str | None, body: bytes
    ) -> tuple[int, bytes]:
        """One request: its status and whole body (read until the app ends it)."""
        scope = dict(template)
        scope["headers"] = list(template["headers"])
        if path is not None:
            scope["path"], scope["raw_path"] = path, path.encode()
        complete = asyncio.Event()
        parts: list[bytes] = []
        status = 0
        pending = True

        async def receive() -> MutableMapping[str, Any]:
            nonlocal pending
            if pending:
                pending = False
                return {"type": "http.request", "body": body, "more_body": False}
            await complete.wait()
            return {"type": "http.disconnect"}

        async def send(message: MutableMapping[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                if chunk:
                    parts.append(chunk)
                if not message.get("more_body", False):
                    complete.set()

        await self.app(scope, receive, send)
        if not complete.is_set():
            raise RuntimeError(f"{scope['method']} {scope['path']}: the app ended without a body")
        return status, b"".join(parts)

    async def scan(self) -> float:
        started = time.perf_counter()
        status, body = await self.call(self.post_scope, None, self.post_body)
        events = check_created(status, body)
        _, stream = await self.call(self.get_scope, events, b"")
        check_done(stream.decode())
        return time.perf_counter() - started

    async def level(self, clients: int, seconds: float) -> LevelRun:
        return await looping(self.scan, clients, seconds)


class HttpClients:
    """Clients in their own process, over HTTP, talking to the app served on `url`.

    The process reads one JSON command a line on its stdin and answers one a line.
    """

    name = "http"

    def __init__(self, process: asyncio.subprocess.Process, url: str) -> None:
        self.process = process
        self.served_at: str | None = url

    @classmethod
    @asynccontextmanager
    async def started(cls, url: str, auth: dict[str, str], key: str) -> AsyncIterator[HttpClients]:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(HTTP_CLIENTS),
            url,
            key,
            env={**os.environ, AUTH_VARIABLE: json.dumps(auth)},
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=1 << 24,  # a long level's latencies come back in one line
        )
        try:
            yield cls(process, url)
        finally:
            if process.stdin is not None:
                process.stdin.close()
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()

    async def _ask(self, command: dict[str, Any]) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps(command).encode() + b"\n")
        await self.process.stdin.drain()
        line = await self.process.stdout.readline()
        if not line:
            raise RuntimeError("the clients' process ended (its error is above)")
        answer: dict[str, Any] = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"the clients' process: {answer['error']}")
        return answer

    async def scan(self) -> float:
        answer = await self._ask({"clients": 0, "seconds": 0})
        latency: float = answer["latencies"][0]
        return latency

    async def level(self, clients: int, seconds: float) -> LevelRun:
        answer = await self._ask({"clients": clients, "seconds": seconds})
        return LevelRun(answer["latencies"], answer["elapsed"], answer["cpu"])


def listening_socket(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1: `port`, or when 0, the first free port of
    `ECOECO_TEST_PORTS` ("21000-21999") if set, or one the system picks."""
    given = os.environ.get("ECOECO_TEST_PORTS", "").strip()
    candidates = [port]
    if not port and given:
        low, _, high = given.partition("-")
        candidates = list(range(int(low), int(high or low) + 1))
    for candidate in candidates:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", candidate))
        except OSError:
            sock.close()
            continue
        return sock
    raise RuntimeError(f"no free port among {candidates[0]}-{candidates[-1]}")


@asynccontextmanager
async def served(app: FastAPI, settings: CoreSettings, port: int) -> AsyncIterator[str]:
    """The app served by uvicorn on this loop with `ecoeco serve`'s options (its HTTP
    protocol, keep-alive, backlog); the lifespan is the bench's own. Yields the URL."""
    import uvicorn

    from ecoeco.serving import ServerSettings, _uvicorn_options

    sock = listening_socket(port)
    bound = sock.getsockname()[1]
    options = _uvicorn_options(ServerSettings(), settings)
    options.update(host="127.0.0.1", port=bound, lifespan="off")
    server = uvicorn.Server(uvicorn.Config(app, **options))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
                raise RuntimeError("uvicorn stopped before it started")
            await asyncio.sleep(0.05)
        yield f"http://127.0.0.1:{bound}"
    finally:
        server.should_exit = True
        await task
        sock.close()


async def start(
    stack: AsyncExitStack,
    kind: str,
    http: httpx.AsyncClient,
    app: FastAPI,
    settings: CoreSettings,
    auth: dict[str, str],
    key: str,
    port: int,
) -> Clients:
    """The clients of `kind` for `app`; `http` is an httpx client over the app's ASGI
    transport, `stack` holds what the `http` kind starts (the server, the process)."""
    if kind == "httpx":
        return HttpxClients(http, auth, key)
    if kind == "asgi":
        return AsgiClients(app, auth, key)
    url = await stack.enter_async_context(served(app, settings, port))
    clients: HttpClients = await stack.enter_async_context(HttpClients.started(url, auth, key))
    return clients
