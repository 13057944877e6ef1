"""Fixtures for chat tests: fake neighbour services over real HTTP, a chat app, a WS driver."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ecoeco.contracts.character import Localized, OwnedCharacterOut, Rarity
from ecoeco.contracts.location import Address, NearbyPlaceOut, PlaceKind
from ecoeco.contracts.scan import ScanAccepted, ScanOut, ScanResult, ScanStatus
from ecoeco.contracts.users import StatsOut
from ecoeco.core.db import utcnow
from ecoeco.core.pagination import Page
from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import AppFactory, Backend, RunningApp, auth_header

NOW = utcnow()


def place(name: str, road: str | None, distance_m: float) -> NearbyPlaceOut:
    """A nearby place as the location service answers it."""
    return NearbyPlaceOut(
        id=uuid.uuid4().hex[:26],
        name=name,
        kinds=[PlaceKind.battery_box],
        accepts=["battery"],
        address=Address(road=road, lot=None),
        lat=37.56,
        lon=126.97,
        phone=None,
        hours=None,
        open_now=None,
        source="test",
        source_id=name,
        updated_at=NOW,
        distance_m=distance_m,
    )


def owned_character(code: str, ko: str, en: str) -> OwnedCharacterOut:
    """A character someone owns, as the character service answers it."""
    return OwnedCharacterOut(
        code=code,
        name=Localized(ko=ko, en=en),
        category="plastic",
        dialogue=Localized(ko="안녕", en="Hi"),
        rarity=Rarity.common,
        image_key=f"characters/{code}.png",
        starter=False,
        acquired_at=NOW,
        source="scan",
        scan_id=None,
    )


def stats(points: int, scans: int) -> StatsOut:
    """A person's stats, as the users service answers them."""
    return StatsOut(
        points=points,
        scans_total=scans,
        scans_by_category=[],
        current_streak_days=0,
        last_scan_day=None,
    )


@dataclass
class FakeServices:
    """Location, character, users and scan services, answering with the shared models."""

    places: list[NearbyPlaceOut] = field(default_factory=list)
    characters: list[OwnedCharacterOut] = field(default_factory=list)
    stats: StatsOut = field(default_factory=lambda: stats(0, 0))
    scan_status: ScanStatus = ScanStatus.done
    scan_result: ScanResult | None = None
    scan_polls_before_done: int = 1
    delay: float = 0.0
    scan_bodies: list[dict[str, Any]] = field(default_factory=list)
    calls: list[tuple[str, str, dict[str, str], str | None]] = field(default_factory=list)
    _polls: dict[str, int] = field(default_factory=dict)

    def app(self) -> Starlette:
        """The ASGI app serving every fake route."""

        async def record(request: Request) -> None:
            auth = request.headers.get("authorization")
            self.calls.append((request.method, request.url.path, dict(request.query_params), auth))
            if self.delay:
                await asyncio.sleep(self.delay)

        def answer(model: BaseModel, status: int = 200) -> Response:
            return JSONResponse(model.model_dump(mode="json"), status)

        async def nearby(request: Request) -> Response:
            await record(request)
            if request.headers.get("authorization") is None:
                return JSONResponse({"error": {"code": "unauthorized", "message": "no"}}, 401)
            return answer(Page[NearbyPlaceOut](items=self.places))

        async def characters(request: Request) -> Response:
            await record(request)
            return answer(Page[OwnedCharacterOut](items=self.characters))

        async def user_stats(request: Request) -> Response:
            await record(request)
            return answer(self.stats)

        async def create_scan(request: Request) -> Response:
            await record(request)
            body = await request.json()
            if set(body) - {"image_key", "hint"}:  # the real service forbids extra fields
                return JSONResponse({"error": {"code": "validation_error", "message": "x"}}, 422)
            self.scan_bodies.append(body)
            scan_id = f"scan-{len(self._polls) + 1}-{body['image_key'].rsplit('/', 1)[-1]}"
            self._polls[scan_id] = 0
            accepted = ScanAccepted(
                id=scan_id,
                status=ScanStatus.queued,
                events_url=f"/api/v1/scan/{scan_id}/events",
                result_url=f"/api/v1/scan/{scan_id}",
            )
            return answer(accepted, 202)

        async def get_scan(request: Request) -> Response:
            await record(request)
            scan_id = request.path_params["scan_id"]
            self._polls[scan_id] = self._polls.get(scan_id, 0) + 1
            running = self._polls[scan_id] < self.scan_polls_before_done
            status = ScanStatus.running if running else self.scan_status
            return answer(
                ScanOut(
                    id=scan_id,
                    status=status,
                    stage=None,
                    hint=None,
                    image_key=None,
                    thumbnail_key=None,
                    created_at=NOW,
                    updated_at=NOW,
                    finished_at=None if running else NOW,
                    result=None if running else self.scan_result,
                )
            )

        return Starlette(
            routes=[
                Route("/api/v1/locations/nearby", nearby),
                Route("/api/v1/characters/me", characters),
                Route("/api/v1/users/me/stats", user_stats),
                Route("/api/v1/scan", create_scan, methods=["POST"]),
                Route("/api/v1/scan/{scan_id}", get_scan),
            ]
        )


@pytest.fixture(scope="session", autouse=True)
def chat_embedding_cache(request: pytest.FixtureRequest) -> Iterator[None]:
    """Keep the knowledge-base vectors between test runs (they take a minute to compute)."""
    directory = request.config.cache.mkdir("chat-embeddings")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ECOECO_CHAT_EMBEDDING_CACHE_DIR", str(directory))
        patch.setenv("ECOECO_CHAT_SCAN_POLL_SECONDS", "0.02")
        patch.setenv("ECOECO_CHAT_WARM_ON_START", "1")  # answers wait for the full index
        patch.setenv("ECOECO_CHAT_WARM_WAIT_SECONDS", "600")
        yield


@pytest.fixture
def fake_services() -> Iterator[tuple[FakeServices, str]]:
    """The fakes, served by uvicorn on a free port in a thread."""
    fakes = FakeServices()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(fakes.app(), log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    yield fakes, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def chat_app(
    app_factory: AppFactory, backend: Backend, fake_services: tuple[FakeServices, str]
) -> Any:
    """Start the chat service with the fakes as its neighbours."""
    _, url = fake_services
    names = ("location", "character", "users", "scan")
    settings = backend.settings.model_copy(
        update={"service_urls": dict.fromkeys(names, url), "internal_timeout_seconds": 2.0}
    )

    @asynccontextmanager
    async def start() -> AsyncIterator[RunningApp]:
        async with app_factory(["chat"], core=settings) as running:  # plus the neighbours' URLs
            yield running

    return start


@dataclass
class Chat:
    """A person talking to the chat API."""

    running: RunningApp
    headers: dict[str, str]
    user_id: str

    async def new(self) -> str:
        """Create a conversation and return its id."""
        response = await self.running.client.post("/api/v1/chat", json={}, headers=self.headers)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    async def ask(self, conversation_id: str, text: str, **extra: Any) -> dict[str, Any]:
        """Send a message and get the whole answer as JSON."""
        response = await self.running.client.post(
            f"/api/v1/chat/{conversation_id}/messages",
            json={"text": text, **extra},
            headers={**self.headers, "Accept": "application/json"},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


def person(running: RunningApp, signer: TokenSigner, user_id: str | None = None) -> Chat:
    """A chat client for a (new) user."""
    user_id = user_id or uuid.uuid4().hex[:26]
    return Chat(running, auth_header(signer, user_id), user_id)


def sse_events(raw: str) -> list[tuple[str, dict[str, Any]]]:
    """Parse a server-sent event stream into (event, data) pairs."""
    events = []
    for block in raw.strip().split("\n\n"):
        name, data = "message", ""
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data += line[5:].strip()
        events.append((name, json.loads(data) if data else {}))
    return events


class WebSocketSession:
    """Drives the app's ASGI WebSocket protocol in this event loop (no network, no threads)."""

    def __init__(self, app: Any, path: str, query: str = "") -> None:
        self.app = app
        self.scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "http_version": "1.1",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "headers": [(b"host", b"test")],
            "client": ("127.0.0.1", 1234),
            "server": ("test", 80),
            "subprotocols": [],
            "state": {},
        }
        self.incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.outgoing: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> WebSocketSession:
        self.task = asyncio.create_task(self.app(self.scope, self.incoming.get, self.outgoing.put))
        await self.incoming.put({"type": "websocket.connect"})
        accepted = await self._next()
        assert accepted["type"] == "websocket.accept", accepted
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.incoming.put({"type": "websocket.disconnect", "code": 1000})
        assert self.task is not None
        await asyncio.wait_for(self.task, 10)

    async def _next(self) -> dict[str, Any]:
        return await asyncio.wait_for(self.outgoing.get(), 30)

    async def send(self, data: dict[str, Any]) -> None:
        """Send one JSON text frame."""
        await self.incoming.put({"type": "websocket.receive", "text": json.dumps(data)})

    async def receive(self) -> dict[str, Any]:
        """The next JSON frame; a close arrives as `{"type": "close", "code"}`."""
        message = await self._next()
        if message["type"] == "websocket.close":
            return {"type": "close", "code": message.get("code")}
        payload: dict[str, Any] = json.loads(message["text"])
        return payload
