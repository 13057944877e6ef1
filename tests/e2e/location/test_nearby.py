"""Nearby places through HTTP on SQLite and PostgreSQL+PostGIS."""

from __future__ import annotations

from typing import Any

import pytest

from ecoeco.location import LocationRuntime
from tests.conftest import AppFactory
from tests.e2e.location.conftest import CITY_HALL, load_places, seoul_clock

NEARBY = "/api/v1/locations/nearby"
LAT, LON = CITY_HALL


def ids(body: dict[str, Any]) -> list[str]:
    return [item["source_id"] for item in body["items"]]


async def test_radius_returns_places_within_it_nearest_first(app_factory: AppFactory) -> None:
    async with app_factory(["location"]) as running:
        await load_places(running.container)
        response = await running.client.get(
            NEARBY, params={"lat": LAT, "lon": LON, "radius_m": 1000}
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert ids(body) == ["p1", "p2", "p3"]
        assert [round(i["distance_m"]) for i in body["items"]] == [100, 300, 800]
        assert body["next_cursor"] is None
        wide = await running.client.get(NEARBY, params={"lat": LAT, "lon": LON, "radius_m": 50000})
        assert ids(wide.json()) == ["p1", "p2", "p3", "p4", "p5", "p6"]


async def test_k_nearest_pages_through_every_place_in_order(app_factory: AppFactory) -> None:
    async with app_factory(["location"]) as running:
        await load_places(running.container)
        first = await running.client.get(NEARBY, params={"lat": LAT, "lon": LON, "limit": 2})
        assert ids(first.json()) == ["p1", "p2"]
        seen, cursor, distances = [], None, []
        while True:
            params: dict[str, Any] = {"lat": LAT, "lon": LON, "limit": 3}
            if cursor:
                params["cursor"] = cursor
            page = (await running.client.get(NEARBY, params=params)).json()
            seen += ids(page)
            distances += [i["distance_m"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == ["p1", "p2", "p3", "p4", "p5", "p6", "p7"]
        assert distances == sorted(distances)
        assert round(distances[-1] / 1000) == 60


async def test_kind_and_accepts_filters(app_factory: AppFactory) -> None:
    async with app_factory(["location"]) as running:
        await load_places(running.container)
        client = running.client
        base = {"lat": LAT, "lon": LON, "limit": 10}
        batteries = await client.get(NEARBY, params=base | {"kind": "battery_box"})
        assert ids(batteries.json()) == ["p1", "p7"]
        either = await client.get(NEARBY, params=base | {"kind": ["lamp_box", "clothing_bin"]})
        assert ids(either.json()) == ["p2", "p7"]
        textile = await client.get(NEARBY, params=base | {"accepts": "textile"})
        assert ids(textile.json()) == ["p2"]
        lighting = await client.get(NEARBY, params=base | {"accepts": "lighting", "radius_m": 5000})
        assert lighting.json() == {"items": [], "next_cursor": None}
        item = textile.json()["items"][0]
        assert item["kinds"] == ["clothing_bin"]
        assert item["accepts"] == ["textile"]
        for bad in ({"kind": "volcano"}, {"accepts": "unobtainium"}):
            refused = await client.get(NEARBY, params=base | bad)
            assert refused.status_code == 422, refused.text
            assert refused.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize(
    ("clock", "open_ids"),
    [
        # Friday 2026-11-27 11:30 in Seoul: weekday hours, shops, machine; not the night box.
        (seoul_clock(2026, 11, 27, 11, 30), ["p1", "p2", "p4", "p5", "p6"]),
        # Friday 23:30: the night box opened at 22:00, the machine closes at midnight.
        (seoul_clock(2026, 11, 27, 23, 30), ["p2", "p3", "p4"]),
        # Saturday 01:00: Friday's 22:00-02:00 still runs past midnight.
        (seoul_clock(2026, 11, 28, 1), ["p2", "p3"]),
        # Monday 2026-11-30 01:00: Sunday has no night hours, so the box is shut.
        (seoul_clock(2026, 11, 30, 1), ["p2"]),
        # Monday 12:00: the refill shop is closed on Mondays.
        (seoul_clock(2026, 11, 30, 12), ["p1", "p2", "p4", "p6"]),
    ],
)
async def test_open_now_in_seoul_time(
    app_factory: AppFactory, clock: Any, open_ids: list[str]
) -> None:
    async with app_factory(["location"]) as running:
        running.runtime(LocationRuntime).clock = clock
        await load_places(running.container)
        params = {"lat": LAT, "lon": LON, "radius_m": 50000, "open_now": "true"}
        response = await running.client.get(NEARBY, params=params)
        assert response.status_code == 200, response.text
        assert ids(response.json()) == open_ids
        assert all(item["open_now"] is True for item in response.json()["items"])
        everything = await running.client.get(NEARBY, params=params | {"open_now": "false"})
        flags = {i["source_id"]: i["open_now"] for i in everything.json()["items"]}
        assert sorted(k for k, v in flags.items() if v) == sorted(open_ids)


@pytest.mark.parametrize(
    "params",
    [
        {"lat": 91, "lon": 126.9},
        {"lat": -90.5, "lon": 126.9},
        {"lat": 37.5, "lon": 180.01},
        {"lat": "north", "lon": 126.9},
        {"lat": "nan", "lon": 126.9},
        {"lat": 37.5, "lon": "inf"},
        {"lat": 37.5},
        {},
    ],
)
async def test_invalid_coordinates_are_a_422_naming_the_field(
    app_factory: AppFactory, params: dict[str, Any]
) -> None:
    async with app_factory(["location"]) as running:
        response = await running.client.get(NEARBY, params=params)
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert error["code"] == "validation_error"
        assert error["message"].startswith(("query.lat", "query.lon")), error["message"]


async def test_bad_radius_limit_and_cursor_are_refused(app_factory: AppFactory) -> None:
    async with app_factory(["location"]) as running:
        client = running.client
        base = {"lat": LAT, "lon": LON}
        for extra in ({"radius_m": 50001}, {"radius_m": 0}, {"limit": 0}, {"limit": 101}):
            response = await client.get(NEARBY, params=base | extra)
            assert response.status_code == 422, (extra, response.text)
        tampered = await client.get(NEARBY, params=base | {"cursor": "not-a-cursor!"})
        assert tampered.status_code == 400
        assert tampered.json()["error"]["code"] == "bad_request"


async def test_an_empty_area_is_an_empty_list(app_factory: AppFactory) -> None:
    async with app_factory(["location"]) as running:
        await load_places(running.container)
        sydney = {"lat": -33.8688, "lon": 151.2093, "radius_m": 5000}
        response = await running.client.get(NEARBY, params=sydney)
        assert response.status_code == 200
        assert response.json() == {"items": [], "next_cursor": None}
        nearest = await running.client.get(NEARBY, params={"lat": -33.8688, "lon": 151.2093})
        assert ids(nearest.json())[0] == "p7"  # k-nearest has no radius: Korea is nearest
