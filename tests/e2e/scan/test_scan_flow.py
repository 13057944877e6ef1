"""A scan end to end through HTTP on both backends: upload, scan, SSE, result, history."""

from __future__ import annotations

from typing import Any

from ecoeco.contracts.events import CharacterGranted, UserDeleted
from ecoeco.core.bus import publish
from ecoeco.scan.models import ScanJob
from tests.conftest import AppFactory, eventually
from tests.e2e.scan.conftest import follow, login, upload
from tests.fixtures.images import photos

STAGES = ["vision", "rule", "answer", "reward"]


async def test_photo_to_guide_with_live_progress_and_history(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        stored = await upload(client, auth, photos.committed("coffee.jpg"))
        assert stored.status_code == 201, stored.text
        image_key = stored.json()["image_key"]

        headers = {**auth, "Idempotency-Key": "scan-1"}
        created = await client.post("/api/v1/scan", json={"image_key": image_key}, headers=headers)
        assert created.status_code == 202, created.text
        job = created.json()
        assert job["status"] == "queued"
        assert job["events_url"] == f"/api/v1/scan/{job['id']}/events"
        again = await client.post("/api/v1/scan", json={"image_key": image_key}, headers=headers)
        assert again.status_code == 202
        assert again.json()["id"] == job["id"]

        events = await follow(client, auth, job["id"])
        names = [e.event for e in events]
        assert names == [*STAGES, "done"], names
        assert all(e.data["scan_id"] == job["id"] for e in events)

        result = (await client.get(job["result_url"], headers=auth)).json()
        assert result["status"] == "done"
        assert result["stage"] == "reward"
        body = result["result"]
        assert body["source"] == "vision"
        assert body["model"]
        assert body["confidence"] >= 0.35
        category = body["category"]
        kb_category = await _category(client, category["slug"])
        assert category["name_ko"] == kb_category["name_ko"]
        assert body["guide"]["steps"]
        assert events[-1].data["result"] == body

        page = (await client.get("/api/v1/scan", headers=auth)).json()
        assert [s["id"] for s in page["items"]] == [job["id"]]
        assert page["items"][0]["category"]["slug"] == category["slug"]

        stranger = await login(client)
        assert (await client.get(job["result_url"], headers=stranger)).status_code == 404
        assert (await client.get(job["events_url"], headers=stranger)).status_code == 404
        theirs = await client.get("/api/v1/scan", headers=stranger)
        assert theirs.json()["items"] == []
        other_key = await client.post(
            "/api/v1/scan", json={"image_key": image_key}, headers=stranger
        )
        assert other_key.status_code == 422
        assert other_key.json()["error"]["code"] == "image_not_found"

        # A reconnect after the end replays from Last-Event-ID and still ends.
        tail = await follow(client, auth, job["id"], last_event_id=events[1].id)
        assert [e.event for e in tail] == ["answer", "reward", "done"]


async def _category(client: Any, slug: str) -> dict[str, Any]:
    listed = (await client.get("/api/v1/scan/categories")).json()
    return next(c for c in listed if c["slug"] == slug)


async def test_hint_alone_is_matched_against_the_catalogue(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        created = await client.post("/api/v1/scan", json={"hint": "우유팩"}, headers=auth)
        assert created.status_code == 202, created.text
        scan_id = created.json()["id"]
        events = await follow(client, auth, scan_id)
        assert events[0].event == "vision"
        assert events[0].data["status"] == "skipped"
        assert events[-1].event == "done"
        result = (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()["result"]
        assert result["source"] == "hint"
        assert result["confirmed"] is True
        assert result["category"]["slug"] == "paper_pack"
        assert result["item"]["name_ko"]


async def test_hint_wins_over_the_photo_and_the_disagreement_is_kept(
    app_factory: AppFactory,
) -> None:
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        key = (await upload(client, auth, photos.committed("coffee.jpg"))).json()["image_key"]
        created = await client.post(
            "/api/v1/scan", json={"image_key": key, "hint": "건전지"}, headers=auth
        )
        scan_id = created.json()["id"]
        assert (await follow(client, auth, scan_id))[-1].event == "done"
        result = (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()["result"]
        assert result["source"] == "hint"
        assert result["category"]["slug"] == "battery"
        assert result["disagreement"]["hint"]["category"]["slug"] == "battery"
        assert result["disagreement"]["image"]["category"]["slug"] != "battery"


async def test_unrecognizable_photo_needs_confirmation_then_confirm_completes(
    app_factory: AppFactory,
) -> None:
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        key = (await upload(client, auth, photos.committed("cat.jpg"))).json()["image_key"]
        scan_id = (await client.post("/api/v1/scan", json={"image_key": key}, headers=auth)).json()[
            "id"
        ]
        events = await follow(client, auth, scan_id)
        assert [e.event for e in events] == ["vision", "needs_confirmation"]
        scan = (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()
        assert scan["status"] == "needs_confirmation"
        assert scan["result"]["guide"] is None
        assert scan["result"]["category"] is None

        bad = await client.post(
            f"/api/v1/scan/{scan_id}/confirm", json={"item": "no_such_thing"}, headers=auth
        )
        assert bad.status_code == 422
        assert bad.json()["error"]["code"] == "unknown_choice"
        confirmed = await client.post(
            f"/api/v1/scan/{scan_id}/confirm", json={"item": "clear_pet_bottle"}, headers=auth
        )
        assert confirmed.status_code == 202, confirmed.text
        twice = await client.post(
            f"/api/v1/scan/{scan_id}/confirm", json={"item": "clear_pet_bottle"}, headers=auth
        )
        assert twice.status_code == 409

        events = await follow(client, auth, scan_id)
        names = [e.event for e in events]
        assert names == ["vision", "needs_confirmation", "rule", "answer", "reward", "done"]
        assert [e.data["round"] for e in events] == [1, 1, 2, 2, 2, 2]
        scan = (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()
        assert scan["status"] == "done"
        assert scan["result"]["source"] == "confirmation"
        assert scan["result"]["item"]["id"] == "clear_pet_bottle"
        assert scan["result"]["category"]["slug"] == "clear_pet"
        assert (
            scan["result"]["guide"]["not_recyclable_if"]
            or scan["result"]["guide"]["other_conditions"]
        )


async def test_reward_is_attached_and_account_deletion_erases_scans_and_images(
    app_factory: AppFactory,
) -> None:
    async with app_factory() as running:
        client, container = running.client, running.container
        auth = await login(client)
        me = (await client.get("/api/v1/users/me", headers=auth)).json()["user_id"]
        stored = (await upload(client, auth, photos.committed("coffee.jpg"))).json()
        scan_id = (
            await client.post("/api/v1/scan", json={"image_key": stored["image_key"]}, headers=auth)
        ).json()["id"]
        await follow(client, auth, scan_id)
        async with container.db.transaction() as session:
            publish(
                session,
                CharacterGranted(
                    user_id=me, code="eco_cup", scan_id=scan_id, points=10, category="food"
                ),
            )

        async def rewarded() -> bool:
            scan = (await client.get(f"/api/v1/scan/{scan_id}", headers=auth)).json()
            return bool(scan["reward"] == {"code": "eco_cup", "points": 10, "category": "food"})

        await eventually(rewarded)
        assert await container.storage.exists(stored["thumbnail_key"])
        async with container.db.transaction() as session:
            publish(session, UserDeleted(user_id=me))

        async def erased() -> bool:
            async with container.db.session() as session:
                row = await session.get(ScanJob, scan_id)
            return row is None and not await container.storage.exists(stored["image_key"])

        await eventually(erased)
        assert not await container.storage.exists(stored["thumbnail_key"])
