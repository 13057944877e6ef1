"""Public-data CSV layouts (Korean 표준데이터 style), mapped by header names."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path

from ecoeco.location.hours import WEEKDAYS, Hours, normalize_hours, parse_osm
from ecoeco.location.importer.common import build, clean, fallback_id, number
from ecoeco.location.importer.runner import ParsedRow
from ecoeco.location.kinds import KIND_LABELS, PlaceKind, parse_kinds
from ecoeco.location.records import PlaceRecord

# Field -> accepted header names (compared without spaces, case-insensitively). First wins.
HEADERS: dict[str, tuple[str, ...]] = {
    "source_id": ("관리번호", "시설번호", "수거함번호", "고유번호", "source_id", "id"),
    "name": ("시설명", "수거함명", "설치장소명", "장소명", "상호명", "명칭", "name"),
    "kind": ("수거함종류", "시설종류", "수거품목", "구분", "종류", "kind", "kinds"),
    "accepts": ("수거대상", "accepts"),
    "address_road": ("소재지도로명주소", "도로명주소", "address_road", "road_address"),
    "address_lot": ("소재지지번주소", "지번주소", "address_lot", "lot_address"),
    "lat": ("위도", "lat", "latitude"),
    "lon": ("경도", "lon", "lng", "longitude"),
    "phone": ("관리기관전화번호", "전화번호", "연락처", "phone"),
    "hours": ("운영시간", "opening_hours", "hours"),
    "weekday_open": ("평일운영시작시각", "평일운영시작시간"),
    "weekday_close": ("평일운영종료시각", "평일운영종료시간"),
    "saturday_open": ("토요일운영시작시각", "토요일운영시작시간"),
    "saturday_close": ("토요일운영종료시각", "토요일운영종료시간"),
    "sunday_open": ("일요일운영시작시각", "공휴일운영시작시각", "공휴일운영시작시간"),
    "sunday_close": ("일요일운영종료시각", "공휴일운영종료시각", "공휴일운영종료시간"),
}
REQUIRED = ("name", "lat", "lon")
_DAY_GROUPS = (("weekday", WEEKDAYS[:5]), ("saturday", ("sat",)), ("sunday", ("sun",)))


class LayoutError(ValueError):
    """The header row lacks a column the importer needs."""


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as such, else CP949 (EUC-KR)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp949"
    return "utf-8-sig"


def column_map(header: Sequence[str]) -> dict[str, int]:
    """Field -> column index, by header name; raises LayoutError when a required one is absent."""
    normalized = ["".join(h.split()).lower() for h in header]
    mapping: dict[str, int] = {}
    for field_name, names in HEADERS.items():
        for name in names:
            if name.lower() in normalized:
                mapping[field_name] = normalized.index(name.lower())
                break
    missing = [f for f in REQUIRED if f not in mapping]
    if missing:
        wanted = "; ".join(f"{f}: one of {', '.join(HEADERS[f])}" for f in missing)
        raise LayoutError(f"missing column(s) — {wanted}")
    return mapping


def _hours(cells: dict[str, str | None]) -> Hours | None:
    text = cells.get("hours")
    if text:
        if text.strip() in ("24시간", "24h", "상시"):
            return parse_osm("24/7")
        try:
            return normalize_hours({day: [text] for day in WEEKDAYS})
        except ValueError:
            pass
        try:
            return parse_osm(text)
        except ValueError:
            return None  # free text such as "평일 주간": hours unknown, the place still counts
    hours: dict[str, list[str]] = {}
    for group, days in _DAY_GROUPS:
        opens, closes = cells.get(f"{group}_open"), cells.get(f"{group}_close")
        if opens and closes and opens != closes:
            for day in days:
                hours[day] = [f"{opens}-{closes}"]
    return normalize_hours(hours) if hours else None


def _record(
    cells: dict[str, str | None], source: str, default_kinds: Sequence[PlaceKind]
) -> PlaceRecord:
    lat, lon = number(cells.get("lat"), "위도(lat)"), number(cells.get("lon"), "경도(lon)")
    kinds = parse_kinds(cells.get("kind") or "") or list(default_kinds)
    if not kinds:
        raise ValueError(f"kind not recognised: {cells.get('kind')!r}; pass --kind")
    name = cells.get("name") or KIND_LABELS[kinds[0]]
    accepts = [a.strip() for a in (cells.get("accepts") or "").replace(";", ",").split(",")]
    return PlaceRecord(
        source=source,
        source_id=cells.get("source_id") or fallback_id(name, lat, lon),
        name=name,
        lat=lat,
        lon=lon,
        kinds=tuple(kinds),
        accepts=tuple(a for a in accepts if a),
        address_road=cells.get("address_road"),
        address_lot=cells.get("address_lot"),
        hours=_hours(cells),
        phone=cells.get("phone"),
    )


def read_csv(
    path: Path, source: str, default_kinds: Sequence[PlaceKind] = ()
) -> Iterator[ParsedRow]:
    """Rows of a CSV file; raises LayoutError up front when the header is unusable."""
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        header = next(csv.reader(handle), None)
    if header is None:
        raise LayoutError("the file is empty")
    mapping = column_map(header)
    return _rows(path, encoding, mapping, source, default_kinds)


def _rows(
    path: Path,
    encoding: str,
    mapping: dict[str, int],
    source: str,
    default_kinds: Sequence[PlaceKind],
) -> Iterator[ParsedRow]:
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            cells = {f: clean(row[i]) if i < len(row) else None for f, i in mapping.items()}
            yield build(reader.line_num, partial(_record, cells, source, default_kinds))
