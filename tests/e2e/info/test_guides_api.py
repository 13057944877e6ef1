"""Guides and item search through HTTP on both backends."""

from __future__ import annotations

from typing import Any

from ecoeco.knowledge import load_knowledge
from tests.conftest import AppFactory

BASE = "/api/v1/info"


async def test_guides_list_every_category_with_counts(app_factory: AppFactory) -> None:
    kb = load_knowledge()
    async with app_factory(["info"]) as running:
        response = await running.client.get(f"{BASE}/guides")
        assert response.status_code == 200, response.text
        guides = response.json()["items"]
        assert [g["slug"] for g in guides] == [c.slug for c in kb.categories]
        counts = {g["slug"]: g["item_count"] for g in guides}
        assert counts == {c.slug: len(kb.items_in(c.slug)) for c in kb.categories}
        assert sum(counts.values()) == len(kb.items) >= 250
        pet = next(g for g in guides if g["slug"] == "clear_pet")
        assert pet["name_ko"] == "투명 페트병"
        assert pet["parent"] == "recyclable"


async def test_guide_has_steps_exclusions_and_items(app_factory: AppFactory) -> None:
    async with app_factory(["info"]) as running:
        response = await running.client.get(f"{BASE}/guides/glass")
        assert response.status_code == 200, response.text
        guide = response.json()
        assert guide["slug"] == "glass"
        assert guide["belongs"]
        assert guide["steps"]
        assert guide["not_belong"]
        for misplaced in guide["not_belong"]:
            assert misplaced["goes_to"]["slug"] != "glass"
            assert misplaced["reason"]
        ids = {i["id"] for i in guide["items"]}
        assert "soju_bottle" in ids
        soju = next(i for i in guide["items"] if i["id"] == "soju_bottle")
        assert any(c["category"]["slug"] == "general" for c in soju["conditions"])
        assert guide["item_count"] == len(guide["items"])


async def test_unknown_guide_is_a_clear_404(app_factory: AppFactory) -> None:
    async with app_factory(["info"]) as running:
        response = await running.client.get(f"{BASE}/guides/plutonium")
        assert response.status_code == 404
        error = response.json()["error"]
        assert error["code"] == "guide_not_found"
        assert "plutonium" in error["message"]


async def test_item_search_ranks_items_with_their_category(app_factory: AppFactory) -> None:
    async with app_factory(["info"]) as running:
        client = running.client
        exact = (await client.get(f"{BASE}/items", params={"q": "택배상자"})).json()
        top = exact["items"][0]
        assert top["id"] == "delivery_box"
        assert top["category"] == {"slug": "paper", "name_ko": "종이", "name_en": "Paper"}
        assert top["match"] == "exact"
        assert top["score"] == 1.0
        assert set(top) >= {"id", "name", "category", "conditions", "score", "match"}
        scores = [i["score"] for i in exact["items"]]
        assert scores == sorted(scores, reverse=True)

        typo = (await client.get(f"{BASE}/items", params={"q": "패트병 "})).json()
        assert typo["items"][0]["category"]["slug"] == "clear_pet"

        broken = (await client.get(f"{BASE}/items", params={"q": "깨진 소주병"})).json()
        hit = broken["items"][0]
        assert (hit["id"], hit["category"]["slug"]) == ("soju_bottle", "general")
        assert hit["applied_condition"]["category"]["slug"] == "general"

        english = await client.get(f"{BASE}/items", params={"q": "Pizza Box", "limit": 1})
        assert len(english.json()["items"]) == 1
        assert english.json()["items"][0]["id"] == "pizza_box"


async def test_item_search_nothing_found_gives_suggestions(app_factory: AppFactory) -> None:
    async with app_factory(["info"]) as running:
        response = await running.client.get(f"{BASE}/items", params={"q": "통"})
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["items"] == []
        assert body["suggestions"]
        assert all(isinstance(s, str) and s for s in body["suggestions"])
        # what names nothing the items share suggests nothing: no guesses a jamo away
        noise = await running.client.get(f"{BASE}/items", params={"q": "ㅁㄴㅇㄹ"})
        assert noise.json() == {**noise.json(), "items": [], "suggestions": []}


async def test_item_search_is_honest(app_factory: AppFactory) -> None:
    async with app_factory(["info"]) as running:
        client = running.client
        unbroken = (await client.get(f"{BASE}/items", params={"q": "안 깨진 소주병"})).json()
        assert unbroken["items"][0]["category"]["slug"] == "glass"
        assert unbroken["items"][0]["applied_condition"] is None
        for text in ("내일 날씨", "ㅋㅋㅋ", "asdf"):
            body = (await client.get(f"{BASE}/items", params={"q": text})).json()
            assert body["items"] == [], text
        undecided = (await client.get(f"{BASE}/items", params={"q": "온도계"})).json()
        hit = undecided["items"][0]
        assert hit["category"]["slug"] == "hazardous"  # the safe bin, and a question
        assert hit["unsure_condition"]["category"]["slug"] == "electronics"


async def test_item_search_says_what_to_check_where_districts_differ(
    app_factory: AppFactory,
) -> None:
    async with app_factory(["info"]) as running:
        client = running.client

        async def top(q: str) -> dict[str, Any]:
            response = await client.get(f"{BASE}/items", params={"q": q})
            assert response.status_code == 200, response.text
            hit: dict[str, Any] = response.json()["items"][0]
            return hit

        swollen = await top("부푼 보조배터리")  # the condition's own district note
        assert "구청" in swollen["district_check"]
        assert "구청" in swollen["applied_condition"]["district_check"]
        tree = await top("생나무 크리스마스 트리")
        assert (tree["category"]["slug"], bool(tree["district_check"])) == ("general", True)
        assert (await top("석고보드 조각"))["district_check"]  # the item's: sack or site waste
        assert (await top("콜라 캔"))["district_check"] == ""  # the same everywhere


async def test_item_search_validates_q(app_factory: AppFactory) -> None:
    async with app_factory(["info"]) as running:
        client = running.client
        for params in (
            {},
            {"q": ""},
            {"q": "가" * 101},
            {"q": "   "},
            {"q": "?!"},
            {"q": "병", "limit": 0},
        ):
            response = await client.get(f"{BASE}/items", params=params)
            assert response.status_code == 422, (params, response.text)
            assert response.json()["error"]["code"] == "validation_error"
        longest = await client.get(f"{BASE}/items", params={"q": "병" * 100})
        assert longest.status_code == 200
