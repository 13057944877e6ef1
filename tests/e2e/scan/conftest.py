"""Helpers for scan tests through HTTP: login, upload, start, follow SSE."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest
from sqlalchemy import select

from ecoeco.core.app import Declares
from ecoeco.core.bus.models import DeadLetter, InboxRecord, OutboxMessage
from ecoeco.core.container import Container
from tests.conftest import AppFactory, RunningApp, eventually


@dataclass(frozen=True)
class SseEvent:
    """One parsed server-sent event."""

    id: str
    event: str
    data: dict[str, Any]


def parse_sse(text: str) -> list[SseEvent]:
    """Every event frame of an SSE body (comments and retry lines skipped)."""
    events = []
    for frame in text.split("\n\n"):
        fields: dict[str, str] = {}
        for line in frame.splitlines():
            name, _, value = line.partition(": ")
            if name in ("id", "event", "data"):
                fields[name] = value
        if "event" in fields:
            events.append(
                SseEvent(fields.get("id", ""), fields["event"], orjson.loads(fields["data"]))
            )
    return events


async def login(client: httpx.AsyncClient, name: str | None = None) -> dict[str, str]:
    """Dev-login a new person; returns their Authorization header."""
    email = f"{name or uuid.uuid4().hex[:10]}@example.com"
    response = await client.post("/api/v1/auth/dev/login", json={"email": email})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def upload(
    client: httpx.AsyncClient, auth: dict[str, str], data: bytes, content_type: str = "image/jpeg"
) -> httpx.Response:
    """POST the bytes to the upload endpoint as multipart."""
    files = {"file": ("photo", data, content_type)}
    return await client.post("/api/v1/scan/uploads", headers=auth, files=files)


async def follow(
    client: httpx.AsyncClient,
    auth: dict[str, str],
    scan_id: str,
    last_event_id: str | None = None,
    timeout: float = 30.0,
) -> list[SseEvent]:
    """Read the scan's SSE stream until the server closes it after the final event."""
    headers = dict(auth)
    if last_event_id is not None:
        headers["Last-Event-ID"] = last_event_id
    response = await asyncio.wait_for(
        client.get(f"/api/v1/scan/{scan_id}/events", headers=headers), timeout
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return parse_sse(response.text)


async def settle(container: Container, hosted: Sequence[Declares], timeout: float = 20.0) -> None:
    """Wait (best effort) until every consumer has applied every published message.

    The app then stops with no handler in the middle of a transaction, so the backend
    fixture can truncate the tables without waiting on a lock the stopped loop holds.
    """
    routes: dict[str, list[str]] = {}
    for module in hosted:
        topology = module.topology()
        for event_type in topology.events if topology is not None else ():
            routes.setdefault(event_type, []).append(module.name)

    async def quiet() -> bool:
        async with container.db.session() as session:
            messages = (await session.execute(select(OutboxMessage))).scalars().all()
            applied = set(
                (await session.execute(select(InboxRecord.consumer, InboxRecord.message_id))).all()
            )
            dead = set(
                (await session.execute(select(DeadLetter.consumer, DeadLetter.message_id))).all()
            )
        done = applied | dead
        return all(
            m.published_at is not None
            and all((c, m.message_id) in done for c in routes.get(m.type, []))
            for m in messages
        )

    try:
        await eventually(quiet, timeout)
    except AssertionError:
        pass  # a consumer that keeps failing is its own test's problem


@pytest.fixture
def app_factory(app_factory: AppFactory) -> AppFactory:
    """The root app factory, settling the bus before the app stops."""

    @asynccontextmanager
    async def start(names: list[str] | None = None, **overrides: Any) -> AsyncIterator[RunningApp]:
        async with app_factory(names, **overrides) as running:
            yield running
            await settle(running.container, running.app.state.lifecycle.hosted)

    return start
