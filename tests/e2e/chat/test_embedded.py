"""The embedded mode: the chat calls the real neighbouring services in process."""

from __future__ import annotations

from ecoeco.chat.runtime import ChatRuntime
from ecoeco.composition import Shared
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.info import InfoRuntime
from ecoeco.workers.ai.runtime import AiRuntime
from tests.conftest import AppFactory
from tests.e2e.chat.conftest import person
from tests.fixtures.images import photos

UNAVAILABLE = "지금은 그 정보를 확인할 수 없어요"


async def test_lookups_reach_the_services_hosted_in_the_same_process(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory() as running:
        assert not running.container.settings.service_urls
        chat = person(running, signer)
        conversation = await chat.new()
        points = await chat.ask(conversation, "내 포인트 알려줘")
        assert points["intent"] == "points"
        assert points["text"].startswith("지금 포인트는 0점이에요.")
        owned = await chat.ask(conversation, "내 캐릭터 보여줘")
        assert owned["intent"] == "characters"
        assert UNAVAILABLE not in owned["text"]
        nearby = await chat.ask(
            conversation, "근처 폐건전지 수거함", location={"lat": 37.5665, "lon": 126.978}
        )
        assert nearby["intent"] == "nearby"
        assert UNAVAILABLE not in nearby["text"]


async def test_an_image_message_runs_the_real_scan_pipeline(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory() as running:
        chat = person(running, signer)
        files = {"file": ("photo", photos.committed("coffee.jpg"), "image/jpeg")}
        stored = await running.client.post(
            "/api/v1/scan/uploads", headers=chat.headers, files=files
        )
        assert stored.status_code == 201, stored.text
        conversation = await chat.new()
        answer = await chat.ask(conversation, "건전지", image_key=stored.json()["image_key"])
        assert answer["intent"] == "image"
        assert answer["sources"][0]["category"]["slug"] == "battery"
        assert answer["text"].startswith("사진 속 물건은")
        scan = await running.client.get(
            f"/api/v1/scan/{answer['context']['scan_id']}", headers=chat.headers
        )
        assert scan.json()["status"] == "done"


async def test_info_chat_and_scan_search_with_the_process_names_index(
    app_factory: AppFactory, shared: Shared
) -> None:
    async with app_factory() as running:
        info = running.runtime(InfoRuntime).finder.items
        chat = running.runtime(ChatRuntime).assistant.retriever.items
        scan = running.runtime(AiRuntime).pipeline.search
        assert info.names is chat.names is scan.names is shared.names
        found = await running.client.get("/api/v1/info/items", params={"q": "고장난 선풍기"})
        assert found.json()["items"][0]["name"] == "선풍기"
