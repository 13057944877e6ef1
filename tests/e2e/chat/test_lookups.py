"""Answers that need another service: nearby places, characters, points, image scans."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from ecoeco.contracts.scan import CandidateOut, CategoryRef, ItemRef, ScanResult, ScanStatus
from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import eventually
from tests.e2e.chat.conftest import FakeServices, owned_character, person, place, stats

SEOUL = {"lat": 37.5665, "lon": 126.978}


async def test_nearby_asks_for_a_location_then_uses_it(
    chat_app: Any, signer: TokenSigner, fake_services: tuple[FakeServices, str]
) -> None:
    fakes, _ = fake_services
    fakes.places = [
        place("중구청 폐건전지 수거함", "서울 중구 창경궁로 17", 420.4),
        place("명동주민센터", None, 1350),
    ]
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        asked = await chat.ask(conversation, "근처에 폐건전지 버릴 곳 있어?")
        assert asked["intent"] == "nearby"
        assert asked["context"]["needs_location"] is True
        assert "위치" in asked["text"]
        assert not fakes.calls
        found = await chat.ask(conversation, "여기야", location=SEOUL)
        assert found["intent"] == "nearby"
        assert "중구청 폐건전지 수거함" in found["text"]
        assert "420 m" in found["text"]
        assert "1.4 km" in found["text"]
        method, path, params, auth = fakes.calls[-1]
        assert (method, path) == ("GET", "/api/v1/locations/nearby")
        assert params["accepts"] == "battery"
        assert float(params["lat"]) == SEOUL["lat"]
        assert auth == chat.headers["Authorization"]
        english = await chat.ask(
            conversation, "where can I drop off batteries near me", location=SEOUL
        )
        assert english["text"].startswith("Places near you that take Batteries")
        fakes.places = []
        empty = await chat.ask(conversation, "근처 헌 옷 수거함", location=SEOUL)
        assert fakes.calls[-1][2]["accepts"] == "textile"
        assert "찾지 못했어요" in empty["text"]


async def test_a_slow_or_missing_service_gets_a_polite_answer(
    chat_app: Any,
    signer: TokenSigner,
    fake_services: tuple[FakeServices, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fakes, _ = fake_services
    fakes.delay = 1.5
    monkeypatch.setenv("ECOECO_CHAT_LOOKUP_TIMEOUT_SECONDS", "0.5")
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        slow = await chat.ask(conversation, "근처 폐건전지 수거함", location=SEOUL)
        assert slow["intent"] == "nearby"
        assert "확인할 수 없어요" in slow["text"]
        running.container.settings = running.container.settings.model_copy(
            update={"service_urls": {"character": "http://127.0.0.1:9"}}
        )
        down = await chat.ask(conversation, "what characters do I have")
        assert down["intent"] == "characters"
        assert down["text"].startswith("Sorry, I could not look that up")


async def test_characters_and_points_come_from_their_services(
    chat_app: Any, signer: TokenSigner, fake_services: tuple[FakeServices, str]
) -> None:
    fakes, _ = fake_services
    fakes.characters = [
        owned_character("pet", "페트리", "Petty"),
        owned_character("can", "캔디", "Candy"),
    ]
    fakes.stats = stats(120, 7)
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        owned = await chat.ask(conversation, "내 캐릭터 뭐 있어?")
        assert owned["intent"] == "characters"
        assert "2개" in owned["text"]
        assert "페트리" in owned["text"]
        assert "캔디" in owned["text"]
        points = await chat.ask(conversation, "how many points do I have?")
        assert points["intent"] == "points"
        assert "120 points" in points["text"]
        assert "7 scans" in points["text"]
        assert {c[1] for c in fakes.calls} == {"/api/v1/characters/me", "/api/v1/users/me/stats"}
        assert all(c[3] == chat.headers["Authorization"] for c in fakes.calls)


async def test_an_image_message_is_scanned_and_answered(
    chat_app: Any, signer: TokenSigner, fake_services: tuple[FakeServices, str]
) -> None:
    fakes, _ = fake_services
    fakes.scan_status = ScanStatus.done
    fakes.scan_result = ScanResult(
        item=ItemRef(id="soju_bottle", name_ko="소주병", name_en="soju bottle"),
        category=CategoryRef(slug="glass", name_ko="유리병", name_en="Glass", recyclable=True),
        confidence=0.93,
        source="vision",
    )
    fakes.scan_polls_before_done = 2
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        answer = await chat.ask(conversation, "이거 어떻게 버려?", image_key="uploads/u1/a.jpg")
        assert answer["intent"] == "image"
        assert answer["text"].startswith("사진 속 물건은 소주병으로 보여요.")
        assert answer["sources"][0]["category"]["slug"] == "glass"
        assert answer["context"]["scan_id"] == "scan-1-a.jpg"
        assert fakes.scan_bodies[0] == {
            "image_key": "uploads/u1/a.jpg",
            "hint": "이거 어떻게 버려?",
        }
        posted = [c for c in fakes.calls if c[0] == "POST"]
        assert len(posted) == 1
        assert posted[0][3] == chat.headers["Authorization"]
        follow = await chat.ask(conversation, "그럼 깨졌으면?")
        assert follow["sources"][0]["category"]["slug"] == "general"
        fakes.scan_status = ScanStatus.needs_confirmation
        general = CategoryRef(slug="general", name_ko="일반종량제", name_en="G", recyclable=False)
        fakes.scan_result = ScanResult(
            confidence=0.4,
            source="vision",
            candidates=[
                CandidateOut(
                    category=general,
                    item=ItemRef(id="glass_cup", name_ko="유리컵", name_en="glass cup"),
                    score=0.4,
                )
            ],
        )
        unsure = await chat.ask(conversation, "", image_key="uploads/u1/b.jpg")
        assert "유리컵" in unsure["text"]
        assert unsure["sources"] == []


async def test_deleting_a_conversation_while_it_answers_is_a_404(
    chat_app: Any, signer: TokenSigner, fake_services: tuple[FakeServices, str]
) -> None:
    fakes, _ = fake_services
    fakes.delay = 1.0
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        asking = asyncio.create_task(
            running.client.post(
                f"/api/v1/chat/{conversation}/messages",
                json={"text": "근처 폐건전지 수거함", "location": SEOUL},
                headers={**chat.headers, "Accept": "application/json"},
            )
        )

        async def looking_up() -> bool:
            return bool(fakes.calls)

        await eventually(looking_up)
        deleted = await running.client.delete(f"/api/v1/chat/{conversation}", headers=chat.headers)
        assert deleted.status_code == 204
        answered = await asyncio.wait_for(asking, 10)
        assert answered.status_code == 404
        assert answered.json()["error"]["code"] == "not_found"
