"""The importer on SQLite and PostgreSQL: idempotent, tolerant of bad rows, all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ecoeco.core.db import Database
from ecoeco.location.importer import ParsedRow, import_rows, read_csv, read_geojson
from ecoeco.location.importer.csv_format import LayoutError
from ecoeco.location.kinds import unpack
from ecoeco.location.models import OpeningInterval, Place
from tests.integration.location.conftest import FIXTURES


async def places_by_source_id(db: Database, source: str) -> dict[str, Place]:
    async with db.session() as session:
        rows = await session.execute(select(Place).where(Place.source == source))
        return {p.source_id: p for p in rows.scalars()}


async def interval_count(db: Database) -> int:
    async with db.session() as session:
        return int(
            (await session.execute(select(func.count()).select_from(OpeningInterval))).scalar_one()
        )


async def test_the_same_csv_twice_changes_nothing(db: Database) -> None:
    path = FIXTURES / "collection_points.csv"
    first = await import_rows(db, read_csv(path, "seoul-bins"))
    assert (first.inserted, first.updated, first.skipped, first.invalid) == (6, 0, 0, 0)
    before = await places_by_source_id(db, "seoul-bins")
    spans = await interval_count(db)
    second = await import_rows(db, read_csv(path, "seoul-bins"))
    assert (second.inserted, second.updated, second.skipped, second.invalid) == (0, 0, 6, 0)
    after = await places_by_source_id(db, "seoul-bins")
    assert {k: (p.id, p.updated_at) for k, p in after.items()} == {
        k: (p.id, p.updated_at) for k, p in before.items()
    }
    assert await interval_count(db) == spans
    lamp = after["SYN-0004"]
    assert unpack(lamp.kinds) == ["battery_box", "lamp_box"]
    assert unpack(lamp.accepts) == ["battery", "lighting"]
    assert lamp.address_road == "서울특별시 중구 명동길 14"
    assert lamp.address_lot == "서울특별시 중구 명동2가 3"
    assert lamp.hours == {d: ["09:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    machine = after["SYN-0005"]
    assert machine.hours is not None
    assert machine.hours["sun"] == ["20:00-02:00"]
    pharmacy = after["SYN-0003"]
    assert pharmacy.hours is not None
    assert pharmacy.hours["sat"] == ["10:00-15:00"]
    assert "sun" not in pharmacy.hours


async def test_a_changed_row_is_updated_in_place(db: Database, tmp_path: Path) -> None:
    original = FIXTURES / "collection_points.csv"
    await import_rows(db, read_csv(original, "seoul-bins"))
    before = await places_by_source_id(db, "seoul-bins")
    changed = tmp_path / "changed.csv"
    text = original.read_text(encoding="utf-8").replace("02-0000-1001", "02-0000-9999")
    changed.write_bytes(text.encode("cp949"))  # public files are often EUC-KR
    report = await import_rows(db, read_csv(changed, "seoul-bins"))
    assert (report.inserted, report.updated, report.skipped) == (0, 1, 5)
    after = await places_by_source_id(db, "seoul-bins")
    assert after["SYN-0001"].phone == "02-0000-9999"
    assert after["SYN-0001"].id == before["SYN-0001"].id
    assert after["SYN-0001"].name == "[합성] 종로1가 주민센터 폐건전지 수거함"


async def test_malformed_rows_are_reported_and_the_good_ones_imported(db: Database) -> None:
    report = await import_rows(db, read_csv(FIXTURES / "collection_points_malformed.csv", "bad"))
    assert (report.inserted, report.invalid) == (2, 6)
    lines = [line for line, _ in report.problems]
    assert lines == [3, 4, 5, 6, 7, 8]
    reasons = dict(report.problems)
    assert "not a number" in reasons[3]
    assert "missing" in reasons[4]
    assert "out of range" in reasons[5]
    assert "kind" in reasons[6]
    assert "time" in reasons[7]
    assert "duplicate" in reasons[8]
    stored = await places_by_source_id(db, "bad")
    assert sorted(stored) == ["BAD-0001", "BAD-0007"]
    assert stored["BAD-0007"].name == "[합성] 정상 의류수거함, 쉼표 포함"


async def test_an_osm_geojson_export_imports(db: Database) -> None:
    total, rows = read_geojson(FIXTURES / "osm_recycling.geojson", "osm")
    report = await import_rows(db, rows)
    assert total == 7
    assert (report.inserted, report.invalid) == (5, 2)
    assert [line for line, _ in report.problems] == [6, 7]
    stored = await places_by_source_id(db, "osm")
    boxes = stored["node/900000001"]
    assert unpack(boxes.kinds) == ["battery_box", "lamp_box"]
    assert boxes.hours is not None
    assert boxes.hours["sat"] == ["10:00-14:00"]
    assert "sun" not in boxes.hours
    clothes = stored["node/900000002"]
    assert clothes.name == "의류수거함"
    assert unpack(clothes.accepts) == ["textile"]
    centre = stored["way/900000003"]
    assert unpack(centre.kinds) == ["ewaste_box", "recycling_center"]
    assert unpack(centre.accepts) == ["electronics", "glass", "metal", "paper"]
    assert (round(centre.lat, 4), round(centre.lon, 4)) == (37.567, 126.9)
    assert centre.address_road == "서울특별시 월드컵로 212"
    assert unpack(stored["node/900000004"].kinds) == ["refill_station", "zero_waste_shop"]
    assert unpack(stored["node/900000005"].kinds) == ["reward_machine"]
    again = await import_rows(db, read_geojson(FIXTURES / "osm_recycling.geojson", "osm")[1])
    assert (again.inserted, again.updated, again.skipped) == (0, 0, 5)


async def test_a_failure_mid_file_leaves_nothing_behind(db: Database) -> None:
    good = list(read_csv(FIXTURES / "collection_points.csv", "atomic"))

    def rows() -> Iterator[ParsedRow]:
        yield from good[:4]
        raise OSError("disk went away")

    with pytest.raises(OSError, match="disk went away"):
        await import_rows(db, rows(), batch_size=2)
    assert await places_by_source_id(db, "atomic") == {}


def test_a_csv_without_the_needed_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("번호,이름,주소\n1,어딘가,서울\n", encoding="utf-8")
    with pytest.raises(LayoutError, match="위도"):
        read_csv(path, "wrong")
    not_geojson = tmp_path / "wrong.geojson"
    not_geojson.write_text('{"type": "Feature"}', encoding="utf-8")
    with pytest.raises(LayoutError, match="FeatureCollection"):
        read_geojson(not_geojson, "wrong")
