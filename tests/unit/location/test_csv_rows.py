"""CSV rows to records, without a database: hours columns, kinds, fallback ids."""

from __future__ import annotations

from pathlib import Path

from ecoeco.location.importer import read_csv
from ecoeco.location.kinds import PlaceKind

HEADER = "시설명,위도,경도,수거품목,운영시간\n"


def rows(tmp_path: Path, body: str, kinds: tuple[PlaceKind, ...] = ()) -> list[object]:
    path = tmp_path / "points.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return [row.record.hours if row.record else row.error for row in read_csv(path, "t", kinds)]


def test_free_text_hours_column(tmp_path: Path) -> None:
    every_day = {d: ["09:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    body = (
        "가,37.5,127.0,폐건전지,09:00-18:00\n"
        "나,37.5,127.0,폐건전지,24시간\n"
        "다,37.5,127.0,폐건전지,Mo-Fr 10:00-17:00\n"
        "라,37.5,127.0,폐건전지,평일 주간\n"
        "마,37.5,127.0,폐건전지,\n"
    )
    hours = rows(tmp_path, body)
    assert hours[0] == every_day
    assert hours[1] == {d: ["00:00-24:00"] for d in every_day}
    assert hours[2] == {d: ["10:00-17:00"] for d in ("mon", "tue", "wed", "thu", "fri")}
    assert hours[3] is None  # unknown, but the place is kept
    assert hours[4] is None


def test_default_kind_and_fallback_id(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text(HEADER + "가,37.5,127.0,,\n", encoding="utf-8")
    refused = list(read_csv(path, "t"))
    assert refused[0].error is not None
    assert "--kind" in refused[0].error
    accepted = list(read_csv(path, "t", (PlaceKind.medicine_box,)))
    record = accepted[0].record
    assert record is not None
    assert record.kinds == (PlaceKind.medicine_box,)
    assert record.accepts == ("hazardous",)
    assert record.source_id.startswith("h:")
    again = next(iter(read_csv(path, "t", (PlaceKind.medicine_box,)))).record
    assert again is not None
    assert record.source_id == again.source_id
