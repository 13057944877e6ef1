"""Search and look-up of places through HTTP, and the embedded first-start demo set."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from ecoeco.composition import Shared, compose
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.settings import CoreSettings
from ecoeco.location.demo import DEMO_LABEL, DEMO_SOURCE
from ecoeco.location.models import Place
from ecoeco.location.repository import PlaceRepository
from tests.conftest import AppFactory, Backend, RunningApp
from tests.e2e.location.conftest import CITY_HALL, load_places

SEARCH = "/api/v1/locations/search"


def names(body: dict[str, Any]) -> list[str]:
    return [item["name"] for item in body["items"]]


async def test_search_ignores_spacing_and_matches_partial_hangul(app_factory: AppFactory) -> None:
    async with app_factory(["location"]) as running:
        await load_places(running.container)
        client = running.client
        one, both = (
            {"시청 폐건전지 수거함"},
            {"시청 폐건전지 수거함", "수원 폐건전지·폐형광등 수거함"},
        )
        cases = {"시청 폐건전지": one, "시청폐건전지": one, "폐건전": both, "폐건ㅈ": both}
        cases |= {"폐 건 전 지 수 거": one, "시청폐건": one, "ㅅㅣ청": one}
        for query, expected in cases.items():
            response = await client.get(SEARCH, params={"q": query})
            assert response.status_code == 200, response.text
            assert set(names(response.json())) == expected, query
        by_address = await client.get(SEARCH, params={"q": "소공로"})
        assert names(by_address.json()) == ["소공동 폐의약품 수거함"]
        english = await client.get(SEARCH, params={"q": "ZERO"})
        assert english.json()["items"] == []
        nothing = await client.get(SEARCH, params={"q": "없는가게"})
        assert nothing.json() == {"items": [], "next_cursor": None}


async def test_search_ranks_name_matches_before_address_matches(app_factory: AppFactory) -> None:
    async with app_factory(["location"]) as running:
        await load_places(running.container)
        response = await running.client.get(SEARCH, params={"q": "세종"})
        # only p1 mentions 세종 (in its address); name matches would come first
        assert names(response.json()) == ["시청 폐건전지 수거함"]
        collected, cursor = [], None
        while True:
            params: dict[str, Any] = {"q": "수거함", "limit": 2}
            if cursor:
                params["cursor"] = cursor
            page = (await running.client.get(SEARCH, params=params)).json()
            collected += names(page)
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert len(collected) == 4
        assert len(set(collected)) == 4


async def test_search_validates_its_query(app_factory: AppFactory) -> None:
    async with app_factory(["location"]) as running:
        for params in ({}, {"q": ""}, {"q": "!!!"}, {"q": "x" * 101}):
            response = await running.client.get(SEARCH, params=params)
            assert response.status_code == 422, (params, response.text)
            assert response.json()["error"]["code"] == "validation_error"


async def test_one_place_by_id(app_factory: AppFactory) -> None:
    async with app_factory(["location"]) as running:
        await load_places(running.container)
        found = await running.client.get(SEARCH, params={"q": "덕수궁"})
        place_id = found.json()["items"][0]["id"]
        response = await running.client.get(f"/api/v1/locations/{place_id}")
        assert response.status_code == 200
        body = response.json()
        assert body["name"] == "덕수궁 의류수거함"
        assert body["hours"]["sun"] == ["00:00-24:00"]
        assert body["open_now"] is True
        assert body["source"] == "test"
        assert body["address"] == {"road": None, "lot": None}
        missing = await running.client.get("/api/v1/locations/00000000000000000000000000")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "not_found"


@asynccontextmanager
async def started(
    settings: CoreSettings, key: SigningKey, shared: Shared
) -> AsyncIterator[RunningApp]:
    """The location service on these settings, as `ecoeco serve location` would start it."""
    app = compose(settings, ["location"], shared=shared, signing_keys=[key], scheduled=False)
    container = app.state.container
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield RunningApp(client, container, app)


async def test_embedded_first_start_loads_the_demo_set_once(
    backend: Backend, signing_key: SigningKey, shared: Shared
) -> None:
    async with started(backend.settings, signing_key, shared) as running:
        lat, lon = CITY_HALL
        response = await running.client.get(
            "/api/v1/locations/nearby", params={"lat": lat, "lon": lon, "radius_m": 2000}
        )
        items = response.json()["items"]
        async with running.container.db.session() as session:
            first_count = await PlaceRepository(session).count()
    if backend.name == "postgres":  # distributed: operators import real data; nothing is seeded
        assert items == []
        assert first_count == 0
        return
    assert items, "a newcomer's first nearby query around City Hall finds demo places"
    assert all(i["source"] == DEMO_SOURCE and i["name"].startswith(DEMO_LABEL) for i in items)
    async with started(backend.settings, signing_key, shared) as again:
        async with again.container.db.session() as session:
            assert await PlaceRepository(session).count() == first_count
            assert await session.get(Place, items[0]["id"]) is not None
