"""During a rolling deploy, events the previous release wrote are still applied correctly.

The previous release wrote `auth.user_registered` version 1 (with the person's e-mail and
nickname) and `scan.finished` version 1 (its result as plain JSON). They wait in the
outbox while the new consumers start; the new consumers must apply them, through the
real bus on both backends.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ecoeco.character.models import Ownership
from ecoeco.core.bus.models import InboxRecord, OutboxMessage
from ecoeco.core.container import Container
from ecoeco.core.db import new_id, utcnow
from ecoeco.core.db.session import OUTBOX_PENDING
from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import AppFactory, auth_header, eventually


async def publish_as_previous_release(
    container: Container, event_type: str, payload: dict[str, Any]
) -> str:
    """An outbox row exactly as the previous release wrote it (payload version 1)."""
    message_id = new_id()
    async with container.db.transaction() as session:
        session.add(
            OutboxMessage(
                message_id=message_id,
                type=event_type,
                version=1,
                payload=payload,
                created_at=utcnow(),
            )
        )
        session.info[OUTBOX_PENDING] = True
    return message_id


async def applied(container: Container, consumer: str, message_id: str) -> bool:
    async with container.db.session() as session:
        found = await session.execute(
            select(InboxRecord).where(
                InboxRecord.consumer == consumer, InboxRecord.message_id == message_id
            )
        )
        return found.first() is not None


async def test_the_previous_releases_events_are_applied(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory(["scan", "character"]) as running:
        container, client = running.container, running.client
        user_id = new_id()
        registered = await publish_as_previous_release(
            container,
            "auth.user_registered",
            {"user_id": user_id, "email": "old@example.com", "nickname": "옛날", "provider": "dev"},
        )
        await eventually(lambda: applied(container, "character", registered))
        async with container.db.session() as session:
            rows = await session.execute(select(Ownership).where(Ownership.user_id == user_id))
            assert [o.source for o in rows.scalars()] == ["starter"]

        headers = auth_header(signer, user_id)
        created = await client.post("/api/v1/scan", json={"hint": "소주병"}, headers=headers)
        assert created.status_code == 202, created.text
        scan_id = created.json()["id"]
        finished = await publish_as_previous_release(
            container,
            "scan.finished",
            {
                "scan_id": scan_id,
                "user_id": user_id,
                "round": 1,
                "status": "done",
                "stage": "reward",
                "result": {
                    "item": {"id": "soju_bottle", "name_ko": "소주병", "name_en": "soju bottle"},
                    "category": {
                        "slug": "glass",
                        "name_ko": "유리병",
                        "name_en": "Glass bottles",
                        "recyclable": True,
                    },
                    "confidence": 0.97,
                    "source": "hint",
                    "confirmed": True,
                    "guide": {"steps": ["헹궈서 배출"], "warnings": [], "not_recyclable_if": []},
                    "candidates": [],
                    "disagreement": None,
                    "model": None,
                },
                "error": None,
            },
        )
        await eventually(lambda: applied(container, "scan", finished))
        scan = (await client.get(f"/api/v1/scan/{scan_id}", headers=headers)).json()
        assert scan["status"] == "done"
        assert scan["result"]["item"]["id"] == "soju_bottle"
        assert scan["result"]["category"]["slug"] == "glass"
        assert scan["result"]["guide"]["steps"] == ["헹궈서 배출"]
