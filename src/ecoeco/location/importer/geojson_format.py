"""GeoJSON, including OpenStreetMap exports of amenity=recycling with recycling:* tags."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from ecoeco.location.hours import Hours, normalize_hours, parse_osm
from ecoeco.location.importer.common import build, clean, fallback_id, number
from ecoeco.location.importer.csv_format import LayoutError
from ecoeco.location.importer.runner import ParsedRow
from ecoeco.location.kinds import KIND_LABELS, OSM_MATERIALS, PlaceKind, parse_kinds
from ecoeco.location.records import PlaceRecord

_YES = ("yes", "only", "designated")


def _position(geometry: Mapping[str, Any] | None) -> tuple[float, float]:
    """(lat, lon) of a Point, or the vertex mean of a line or polygon's outer ring."""
    if not geometry:
        raise ValueError("feature has no geometry")
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    points: list[Any]
    if kind == "Point":
        points = [coords]
    elif kind in ("LineString", "MultiPoint"):
        points = list(coords or [])
    elif kind == "Polygon":
        points = list((coords or [[]])[0])
    elif kind == "MultiPolygon":
        points = list(((coords or [[[]]])[0] or [[]])[0])
    else:
        raise ValueError(f"unsupported geometry {kind!r}")
    if not points or not all(isinstance(p, list | tuple) and len(p) >= 2 for p in points):
        raise ValueError("geometry has no usable coordinates")
    lons = [number(p[0], "longitude") for p in points]
    lats = [number(p[1], "latitude") for p in points]
    return sum(lats) / len(lats), sum(lons) / len(lons)


def _osm_kinds(tags: Mapping[str, Any]) -> tuple[list[PlaceKind], list[str]]:
    kinds: list[PlaceKind] = []
    accepts: list[str] = []
    for tag, value in tags.items():
        if tag.startswith("recycling:") and str(value).lower() in _YES:
            material = OSM_MATERIALS.get(tag.removeprefix("recycling:"))
            if material is None:
                continue
            category, kind = material
            accepts.append(category)
            if kind is not None and kind not in kinds:
                kinds.append(kind)
    if tags.get("recycling_type") == "centre":
        kinds.insert(0, PlaceKind.recycling_center)
    if tags.get("shop") == "zero_waste" or str(tags.get("zero_waste", "")).lower() in _YES:
        kinds.append(PlaceKind.zero_waste_shop)
    if str(tags.get("bulk_purchase", "")).lower() in _YES:
        kinds.append(PlaceKind.refill_station)
    if tags.get("vending") in ("bottle_return", "reverse_vending"):
        kinds.append(PlaceKind.reward_machine)
    if not kinds and tags.get("amenity") == "recycling":
        kinds.append(PlaceKind.recycling_center)
    return kinds, accepts


def _hours(tags: Mapping[str, Any]) -> Hours | None:
    raw = tags.get("hours")
    if isinstance(raw, Mapping):
        return normalize_hours(raw)
    text = clean(tags.get("opening_hours"))
    if text is None:
        return None
    try:
        return parse_osm(text)
    except ValueError:
        return None  # OSM syntax beyond the common subset: hours unknown, the place still counts


def _address(tags: Mapping[str, Any]) -> str | None:
    full = clean(tags.get("addr:full") or tags.get("address_road"))
    if full:
        return full
    parts = [tags.get(k) for k in ("addr:city", "addr:district", "addr:street", "addr:housenumber")]
    return clean(" ".join(str(p) for p in parts if p))


def _record(
    feature: Mapping[str, Any], source: str, default_kinds: Sequence[PlaceKind]
) -> PlaceRecord:
    if not isinstance(feature, Mapping) or feature.get("type") != "Feature":
        raise ValueError("not a GeoJSON Feature")
    props = dict(feature.get("properties") or {})
    if isinstance(props.get("tags"), Mapping):
        props.update(props.pop("tags"))
    lat, lon = _position(feature.get("geometry"))
    own = props.get("kinds")
    if own:
        kinds = parse_kinds(",".join(own) if isinstance(own, list) else str(own))
        accepts = [str(a) for a in props.get("accepts") or []]
    else:
        kinds, accepts = _osm_kinds(props)
    kinds = kinds or list(default_kinds)
    if not kinds:
        raise ValueError("no kind: not amenity=recycling and no `kinds` property; pass --kind")
    name = clean(props.get("name:ko") or props.get("name") or props.get("operator"))
    name = name or KIND_LABELS[kinds[0]]
    ident = feature.get("id") or props.get("@id") or props.get("id") or props.get("osm_id")
    return PlaceRecord(
        source=source,
        source_id=str(ident) if ident not in (None, "") else fallback_id(name, lat, lon),
        name=name,
        lat=lat,
        lon=lon,
        kinds=tuple(kinds),
        accepts=tuple(accepts),
        address_road=_address(props),
        address_lot=clean(props.get("address_lot")),
        hours=_hours(props),
        phone=clean(props.get("phone") or props.get("contact:phone")),
    )


def read_geojson(
    path: Path, source: str, default_kinds: Sequence[PlaceKind] = ()
) -> tuple[int, Iterator[ParsedRow]]:
    """The feature count and the rows of a FeatureCollection; `line` is the feature number."""
    try:
        document = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise LayoutError(f"not JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise LayoutError("not a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise LayoutError("FeatureCollection without a features list")
    rows = (
        build(index, partial(_record, feature, source, default_kinds))
        for index, feature in enumerate(features, 1)
    )
    return len(features), rows
