"""Helpers for character tests: inject events through the outbox, count deliveries, read state."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from ecoeco.contracts.events import CharacterGranted, Event, ScanCompleted
from ecoeco.core.bus import Envelope, inprocess, publish, rabbitmq
from ecoeco.core.bus.apply import already_applied, apply_once
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.core.db import Database, new_id
from ecoeco.core.security.tokens import TokenSigner
from tests.broker_cleanup import delete_topology
from tests.conftest import Backend, RunningApp, auth_header, eventually

CONSUMER = "character"


async def inject(running: RunningApp, *events: Event) -> list[Envelope]:
    """Publish events through the outbox in one transaction (relay and broker for real)."""
    async with running.container.db.transaction() as session:
        return [publish(session, event) for event in events]


async def wait_applied(db: Database, *envelopes: Envelope, timeout: float = 15.0) -> None:
    """Wait until the character consumer has committed every envelope."""
    ids = {e.id for e in envelopes}

    async def done() -> bool:
        for message_id in list(ids):
            if await already_applied(db, CONSUMER, message_id):
                ids.discard(message_id)
        return not ids

    await eventually(done, timeout=timeout)


def scan_done(
    user_id: str,
    category: str = "clear_pet",
    *,
    scan_id: str | None = None,
    recyclable: bool = True,
    confirmed: bool = True,
    confidence: float = 0.99,
) -> ScanCompleted:
    """A scan.completed event as the scan pipeline sends it."""
    return ScanCompleted(
        scan_id=scan_id or new_id(),
        user_id=user_id,
        item="item",
        category=category,
        recyclable=recyclable,
        confirmed=confirmed,
        confidence=confidence,
    )


class Player:
    """One person calling the character API with their own token.

    Reading their characters shows the starter even before a registration event
    (read your own writes), so a person who looked owns it unless they were erased.
    """

    def __init__(self, client: httpx.AsyncClient, signer: TokenSigner) -> None:
        self.user_id = new_id()
        self.client = client
        self.headers = auth_header(signer, self.user_id)

    async def owned(self) -> dict[str, dict[str, Any]]:
        """Every character the person owns, by code, following the pages."""
        found: dict[str, dict[str, Any]] = {}
        cursor: str | None = None
        while True:
            params: dict[str, Any] = {"limit": 5}
            if cursor:
                params["cursor"] = cursor
            response = await self.client.get(
                "/api/v1/characters/me", headers=self.headers, params=params
            )
            assert response.status_code == 200, response.text
            page = response.json()
            for item in page["items"]:
                assert item["code"] not in found
                found[item["code"]] = item
            cursor = page["next_cursor"]
            if cursor is None:
                return found

    async def points(self) -> dict[str, Any]:
        """The points summary the API shows."""
        response = await self.client.get("/api/v1/characters/me/points", headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body


async def all_granted_events(db: Database) -> dict[str, list[CharacterGranted]]:
    """Every character.granted event staged in the outbox, by person, oldest first."""
    async with db.session() as session:
        rows = await session.execute(
            select(OutboxMessage.payload)
            .where(OutboxMessage.type == CharacterGranted.TYPE)
            .order_by(OutboxMessage.seq)
        )
        by_user: dict[str, list[CharacterGranted]] = defaultdict(list)
        for (payload,) in rows:
            event = CharacterGranted.model_validate(payload)
            by_user[event.user_id].append(event)
    return by_user


async def granted_events(db: Database, user_id: str) -> list[CharacterGranted]:
    """The character.granted events staged for one person, oldest first."""
    return (await all_granted_events(db)).get(user_id, [])


class DeliveryCounter:
    """Counts every finished delivery attempt to the character consumer, duplicates too."""

    def __init__(self) -> None:
        self.finished: Counter[str] = Counter()
        self.in_flight: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()

    def wrap(self, apply: Callable[..., Awaitable[bool]]) -> Callable[..., Awaitable[bool]]:
        """The broker's apply step, counting each delivery that returned."""

        async def counted(db: Database, consumer: str, *a: Any, **kw: Any) -> bool:
            if consumer != CONSUMER:
                return await apply(db, consumer, *a, **kw)
            scan_or_id = str(a[1].payload.get("scan_id", a[1].id))
            self.in_flight[scan_or_id] += 1
            self.peak[scan_or_id] = max(self.peak[scan_or_id], self.in_flight[scan_or_id])
            try:
                return await apply(db, consumer, *a, **kw)
            finally:
                self.in_flight[scan_or_id] -= 1
                self.finished[a[1].id] += 1

        return counted

    async def wait(self, message_id: str, times: int, timeout: float = 15.0) -> None:
        """Wait until a message has been delivered and settled `times` times."""

        async def done() -> bool:
            return self.finished[message_id] >= times

        await eventually(done, timeout=timeout)


@pytest.fixture
def deliveries(monkeypatch: pytest.MonkeyPatch) -> DeliveryCounter:
    """Observe deliveries on both brokers without changing what they do."""
    counter = DeliveryCounter()
    for broker_module in (inprocess, rabbitmq):
        monkeypatch.setattr(broker_module, "apply_once", counter.wrap(apply_once))
    return counter


@pytest.fixture(autouse=True)
async def drop_test_queues(backend: Backend) -> AsyncIterator[None]:
    """Delete the RabbitMQ queues this test declared, so unread events do not pile up."""
    yield
    if backend.name == "postgres":
        await delete_topology(backend.settings.amqp_prefix)
