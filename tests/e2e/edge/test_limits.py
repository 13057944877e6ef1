"""Per-person limits: scans, uploads and new conversations meet 429 with Retry-After."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ecoeco.scan.settings import ScanSettings
from tests.conftest import AppFactory
from tests.e2e.chat.conftest import WebSocketSession
from tests.e2e.scan.conftest import login, upload
from tests.fixtures.images import photos


async def test_80_scans_a_minute_from_one_person_meet_a_429(app_factory: AppFactory) -> None:
    async with app_factory(["auth", "users", "scan", "storage"]) as running:
        client = running.client
        me, someone = await login(client), await login(client)
        statuses = []
        for i in range(80):
            response = await client.post("/api/v1/scan", json={"hint": f"캔 {i}"}, headers=me)
            statuses.append(response.status_code)
            if response.status_code == 429:
                limited = response
        assert statuses[:30] == [202] * 30
        assert set(statuses[30:]) == {429}
        assert limited.json()["error"]["code"] == "rate_limited"
        assert "30 per minute" in limited.json()["error"]["message"]
        assert 1 <= int(limited.headers["retry-after"]) <= 60
        other = await client.post("/api/v1/scan", json={"hint": "캔"}, headers=someone)
        assert other.status_code == 202, "one person's limit is theirs alone"


async def test_idempotent_replays_are_not_counted_and_the_limit_is_a_setting(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOECO_SCAN_LIMIT_PER_USER", "2/minute; 3/day")
    async with app_factory(["auth", "users", "scan", "storage"]) as running:
        client = running.client
        me = await login(client)
        key = {"Idempotency-Key": "same-scan-1"}
        first = await client.post("/api/v1/scan", json={"hint": "캔"}, headers={**me, **key})
        for _ in range(5):
            again = await client.post("/api/v1/scan", json={"hint": "캔"}, headers={**me, **key})
            assert again.status_code == 202
            assert again.json()["id"] == first.json()["id"]
        assert (await client.post("/api/v1/scan", json={"hint": "병"}, headers=me)).is_success
        refused = await client.post("/api/v1/scan", json={"hint": "병"}, headers=me)
        assert refused.status_code == 429
        assert "2 per minute" in refused.json()["error"]["message"]


async def test_uploads_are_limited_per_person_whichever_way_they_come(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOECO_STORAGE_UPLOAD_LIMIT_PER_USER", "3/minute")
    async with app_factory(["auth", "users", "scan", "storage"]) as running:
        client = running.client
        me = await login(client)
        image = photos.committed("coffee.jpg")
        assert (await upload(client, me, image)).status_code == 201
        assert (await upload(client, me, image)).status_code == 201
        files = {"image": ("p.jpg", image, "image/jpeg")}
        direct = await client.post("/api/v1/scan", headers=me, files=files)
        assert direct.status_code == 202, direct.text  # a scan with its image is an upload too
        refused = await upload(client, me, image)
        assert refused.status_code == 429
        assert "3 per minute" in refused.json()["error"]["message"]
        assert int(refused.headers["retry-after"]) >= 1
        refused_direct = await client.post("/api/v1/scan", headers=me, files=files)
        assert refused_direct.status_code == 429
        assert (await upload(client, await login(client), image)).status_code == 201


async def test_new_conversations_are_limited_over_http_and_the_websocket(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOECO_CHAT_CONVERSATION_LIMIT_PER_USER", "2/minute")
    async with app_factory(["auth", "users", "chat"]) as running:
        client = running.client
        me = await login(client)
        token = me["Authorization"].split()[1]
        assert (await client.post("/api/v1/chat", json={}, headers=me)).status_code == 201
        replayed = {**me, "Idempotency-Key": "conv-1"}
        for _ in range(3):
            assert (await client.post("/api/v1/chat", json={}, headers=replayed)).is_success
        refused = await client.post("/api/v1/chat", json={}, headers=me)
        assert refused.status_code == 429
        assert refused.headers["retry-after"]
        async with WebSocketSession(running.app, "/api/v1/chat/ws") as ws:
            await ws.send({"type": "auth", "token": token})
            assert (await ws.receive())["type"] == "ready"
            await ws.send({"type": "message", "text": "우유팩은?"})
            error = await ws.receive()
            assert error["type"] == "error"
            assert error["error"]["code"] == "rate_limited"


def test_a_limit_that_does_not_parse_stops_the_settings() -> None:
    with pytest.raises(ValidationError):
        ScanSettings(limit_per_user="lots")
    assert len(ScanSettings(limit_per_user="30/minute; 500/day").scan_limits()) == 2
