"""Distances, bounding boxes, kinds from dataset labels, and categories that exist."""

from __future__ import annotations

import math
import random

import pytest

from ecoeco.knowledge import load_knowledge
from ecoeco.location.geo import EARTH_RADIUS_M, GeoPoint, bounding_box, distance_m
from ecoeco.location.importer.csv_format import LayoutError, column_map
from ecoeco.location.kinds import (
    DEFAULT_ACCEPTS,
    OSM_MATERIALS,
    PlaceKind,
    pack,
    parse_kinds,
    unpack,
)
from ecoeco.location.records import PlaceRecord, search_key


def test_distance_matches_postgis_sphere() -> None:
    city_hall, gangnam = GeoPoint(37.5665, 126.9780), GeoPoint(37.4979, 127.0276)
    # ST_Distance(geography, geography, false) on PostGIS 3.3 gives 8792.90298656
    assert distance_m(city_hall, gangnam) == pytest.approx(8792.90298656, abs=1e-6)
    assert distance_m(city_hall, city_hall) == 0


@pytest.mark.parametrize(
    ("lat", "lon", "radius"),
    [
        (37.5665, 126.978, 2000),
        (0.0, 179.99, 50_000),
        (-45.0, -179.9, 30_000),
        (89.9, 10.0, 20_000),
    ],
)
def test_every_point_within_the_radius_is_inside_the_box(
    lat: float, lon: float, radius: float
) -> None:
    center, rng = GeoPoint(lat, lon), random.Random(1)
    box = bounding_box(center, radius)
    dlat = 1.5 * math.degrees(radius / EARTH_RADIUS_M)
    dlon = min(180.0, dlat / max(math.cos(math.radians(lat)), 1e-6))
    inside = 0
    for _ in range(3000):
        point = GeoPoint(
            max(-90.0, min(90.0, lat + rng.uniform(-dlat, dlat))),
            (lon + rng.uniform(-dlon, dlon) + 540) % 360 - 180,
        )
        if distance_m(center, point) <= radius:
            inside += 1
            assert box.min_lat <= point.lat <= box.max_lat
            assert any(w <= point.lon <= e for w, e in box.lon_ranges), (point, box)
    assert inside > 10
    if abs(lat) < 80:  # away from the poles the box stays tight, so the index narrows the scan
        assert box.max_lat - box.min_lat < 1.5 * radius / 50_000


def test_kinds_from_labels_and_slugs() -> None:
    assert set(parse_kinds("폐형광등/폐건전지")) == {PlaceKind.lamp_box, PlaceKind.battery_box}
    assert parse_kinds("battery_box; ewaste_box") == [PlaceKind.battery_box, PlaceKind.ewaste_box]
    assert parse_kinds("헌옷 수거함") == [PlaceKind.clothing_bin]
    assert parse_kinds("무엇인가") == []
    assert unpack(pack(["b", "a", "b"])) == ["a", "b"]
    assert unpack(pack([])) == []


def test_every_category_the_importer_assigns_exists_in_the_knowledge_base() -> None:
    knowledge = load_knowledge()
    slugs = {c for values in DEFAULT_ACCEPTS.values() for c in values}
    slugs |= {category for category, _ in OSM_MATERIALS.values()}
    assert all(knowledge.has_category(s) for s in slugs), slugs


def test_columns_are_found_by_header_name_in_any_order() -> None:
    mapping = column_map(["경도", "비고", " 위 도 ", "시설명", "관리번호"])
    assert mapping["lon"] == 0
    assert mapping["lat"] == 2
    assert mapping["name"] == 3
    assert mapping["source_id"] == 4
    with pytest.raises(LayoutError, match="lat"):
        column_map(["시설명", "경도"])


def test_search_key_ignores_spacing_case_and_splits_hangul() -> None:
    assert search_key("서울 시청") == search_key("서울시청")
    assert search_key("Zero Waste") == search_key("zerowaste")
    assert search_key("시청").startswith(search_key("ㅅ"))
    assert search_key("폐건전지") in search_key("[데모] 폐건전지 수거함")


def test_a_record_refuses_what_cannot_be_a_place() -> None:
    def make(**changes: object) -> PlaceRecord:
        fields: dict[str, object] = {
            "source": "s",
            "source_id": "1",
            "name": "수거함",
            "lat": 37.5,
            "lon": 127.0,
            "kinds": (PlaceKind.battery_box,),
        }
        return PlaceRecord(**(fields | changes))  # type: ignore[arg-type]

    assert make().accepts == ("battery",)
    for bad in (
        {"lat": 91.0},
        {"lon": float("nan")},
        {"lat": 0.0, "lon": 0.0},
        {"kinds": ()},
        {"name": " "},
    ):
        with pytest.raises(ValueError, match=r"\w"):
            make(**bad)
    assert make(hours={"mon": ["09:00-18:00"]}).fingerprint != make().fingerprint
