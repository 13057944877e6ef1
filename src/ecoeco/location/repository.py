"""SQL of the location service: spatial queries per dialect, search, and upserts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    update,
)

from ecoeco.core.db import Repository, new_id, utcnow
from ecoeco.location.geo import HALF_CIRCUMFERENCE_M, GeoPoint, bounding_box, distance_m
from ecoeco.location.hours import intervals
from ecoeco.location.kinds import pack
from ecoeco.location.models import OpeningInterval, Place
from ecoeco.location.records import PlaceRecord

FIRST_SQLITE_RADIUS_M = 2_000.0
PLACE_TABLE: Table = Place.__table__  # type: ignore[assignment]
OPENING_TABLE: Table = OpeningInterval.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class NearbyQuery:
    """A nearby search: centre, optional radius, page size, filters, keyset cursor."""

    center: GeoPoint
    limit: int
    radius_m: float | None = None
    kinds: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()
    open_at: int | None = None  # minute of the week in Seoul (0 = Monday 00:00)
    after: tuple[float, str] | None = None  # distance and id of the last row seen


@dataclass(frozen=True)
class PlaceView:
    """The public columns of a place, read without the ORM's bookkeeping (hot path)."""

    id: str
    name: str
    kinds: str
    accepts: str
    address_road: str | None
    address_lot: str | None
    lat: float
    lon: float
    phone: str | None
    hours: dict[str, Any] | None
    source: str
    source_id: str
    updated_at: datetime


VIEW_COLUMNS = [getattr(Place, f.name) for f in fields(PlaceView)]


def _view(row: Sequence[Any]) -> PlaceView:
    return PlaceView(*row[: len(VIEW_COLUMNS)])


@dataclass(frozen=True)
class UpsertCounts:
    """What an upsert did with each record."""

    inserted: int = 0
    updated: int = 0
    skipped: int = 0


class PlaceRepository(Repository[Place]):
    """Places by id, by distance and by text."""

    model = Place

    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    async def count(self) -> int:
        """How many places there are."""
        return int((await self.session.execute(select(func.count(Place.id)))).scalar_one())

    def _filters(self, query: NearbyQuery) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if query.kinds:
            conditions.append(or_(*(Place.kinds.contains(f"|{k}|") for k in query.kinds)))
        if query.accepts:
            conditions.append(or_(*(Place.accepts.contains(f"|{c}|") for c in query.accepts)))
        if query.open_at is not None:
            minute = query.open_at
            conditions.append(
                exists().where(
                    OpeningInterval.place_id == Place.id,
                    OpeningInterval.opens <= minute,
                    OpeningInterval.closes > minute,
                )
            )
        return conditions

    async def nearby(self, query: NearbyQuery) -> list[tuple[PlaceView, float]]:
        """Up to `limit + 1` places by (distance, id), after the cursor, within the radius."""
        if self._postgres:
            return await self._nearby_postgis(query)
        return await self._nearby_bbox(query)

    async def _nearby_postgis(self, query: NearbyQuery) -> list[tuple[PlaceView, float]]:
        geog: ColumnElement[Any] = literal_column("geog")  # PostgreSQL-only generated column
        point = func.geography(
            func.ST_SetSRID(func.ST_MakePoint(query.center.lon, query.center.lat), 4326)
        )
        distance = geog.op("<->", return_type=Place.lat.type)(point)
        conditions = self._filters(query)
        if query.radius_m is not None:
            conditions.append(func.ST_DWithin(geog, point, query.radius_m, False))
        if query.after is not None:
            last_distance, last_id = query.after
            conditions.append(
                or_(distance > last_distance, and_(distance == last_distance, Place.id > last_id))
            )
        # KNN through the GiST index orders by distance alone; a second sort key would force a
        # full sort. So find how far the page reaches, then fetch everything that close (ties
        # at the edge included) with an indexed ST_DWithin and order that by (distance, id).
        knn = (
            select(distance.label("d"))
            .select_from(PLACE_TABLE)
            .where(*conditions)
            .order_by(distance)
            .correlate(None)
        )
        reach = select(func.max(knn.limit(query.limit + 1).subquery().c.d)).scalar_subquery()
        stmt = (
            select(*VIEW_COLUMNS, distance.label("distance_m"))
            .where(*conditions, func.ST_DWithin(geog, point, reach + 1e-6, False))
            .order_by(distance, Place.id)
            .limit(query.limit + 1)
        )
        rows = (await self.session.execute(stmt)).all()
        return [(_view(row), float(row[-1])) for row in rows]

    async def _nearby_bbox(self, query: NearbyQuery) -> list[tuple[PlaceView, float]]:
        limit_m = query.radius_m if query.radius_m is not None else HALF_CIRCUMFERENCE_M
        radius = min(limit_m, FIRST_SQLITE_RADIUS_M)
        if query.after is not None:
            radius = min(limit_m, max(radius, query.after[0] * 1.5 + 100))
        filters = self._filters(query)
        while True:
            box = bounding_box(query.center, radius)
            lon_ok = or_(*(Place.lon.between(west, east) for west, east in box.lon_ranges))
            stmt = select(Place.id, Place.lat, Place.lon).where(
                Place.lat.between(box.min_lat, box.max_lat), lon_ok, *filters
            )
            found: list[tuple[float, str]] = []
            for ident, lat, lon in (await self.session.execute(stmt)).all():
                d = distance_m(query.center, GeoPoint(lat, lon))
                if d <= radius and (query.after is None or (d, ident) > query.after):
                    found.append((d, ident))
            if len(found) > query.limit or radius >= limit_m:
                break
            radius = min(radius * 4, limit_m)
        found.sort()
        page = found[: query.limit + 1]
        wanted = select(*VIEW_COLUMNS).where(Place.id.in_([i for _, i in page]))
        places = {row[0]: _view(row) for row in (await self.session.execute(wanted)).all()}
        return [(places[ident], d) for d, ident in page]

    async def search(
        self, text_key: str, limit: int, after: tuple[int, str, str] | None
    ) -> list[tuple[Place, int]]:
        """Places whose name or address holds the key: name matches first, then by name."""
        escaped = text_key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        in_name = Place.name_key.like(pattern, escape="\\")
        in_address = Place.address_key.like(pattern, escape="\\")
        rank = case((in_name, 0), else_=1)
        conditions: list[ColumnElement[bool]] = [or_(in_name, in_address)]
        if after is not None:
            last_rank, last_name, last_id = after
            later_name = or_(
                Place.name > last_name, and_(Place.name == last_name, Place.id > last_id)
            )
            conditions.append(or_(rank > last_rank, and_(rank == last_rank, later_name)))
        stmt = (
            select(Place, rank.label("rank"))
            .where(*conditions)
            .order_by(rank, Place.name, Place.id)
            .limit(limit + 1)
        )
        rows = await self.session.execute(stmt)
        return [(place, int(r)) for place, r in rows.all()]

    async def upsert(self, records: Sequence[PlaceRecord]) -> UpsertCounts:
        """Insert new places, update changed ones, skip unchanged ones; flushes, never commits."""
        if not records:
            return UpsertCounts()
        known: dict[tuple[str, str], tuple[str, str]] = {}
        by_source: dict[str, list[str]] = {}
        for record in records:
            by_source.setdefault(record.source, []).append(record.source_id)
        for source, ids in by_source.items():
            stmt = select(Place.source_id, Place.id, Place.fingerprint).where(
                Place.source == source, Place.source_id.in_(ids)
            )
            for source_id, ident, fingerprint in (await self.session.execute(stmt)).all():
                known[(source, source_id)] = (ident, fingerprint)
        now = utcnow()
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        spans: list[dict[str, Any]] = []
        skipped = 0
        for record in records:
            existing = known.get((record.source, record.source_id))
            if existing is not None and existing[1] == record.fingerprint:
                skipped += 1
                continue
            ident = existing[0] if existing else new_id()
            row = _row(record) | {"id": ident, "updated_at": now}
            if existing:
                updates.append(row)
            else:
                inserts.append(row | {"created_at": now})
            spans.extend(
                {"place_id": ident, "opens": o, "closes": c} for o, c in intervals(record.hours)
            )
        if updates:
            stale = [u["id"] for u in updates]
            await self.session.execute(
                delete(OPENING_TABLE).where(OPENING_TABLE.c.place_id.in_(stale))
            )
            by_id = update(PLACE_TABLE).where(PLACE_TABLE.c.id == bindparam("place_id"))
            await self.session.execute(
                by_id,
                [
                    {k: v for k, v in u.items() if k != "id"} | {"place_id": u["id"]}
                    for u in updates
                ],
            )
        if inserts:
            await self.session.execute(insert(PLACE_TABLE), inserts)
        if spans:
            await self.session.execute(insert(OPENING_TABLE), spans)
        return UpsertCounts(len(inserts), len(updates), skipped)


def _row(record: PlaceRecord) -> dict[str, Any]:
    return {
        "source": record.source,
        "source_id": record.source_id,
        "name": record.name,
        "address_road": record.address_road,
        "address_lot": record.address_lot,
        "lat": record.lat,
        "lon": record.lon,
        "kinds": pack(record.kinds),
        "accepts": pack(record.accepts),
        "hours": record.hours,
        "phone": record.phone,
        "name_key": record.name_key,
        "address_key": record.address_key,
        "fingerprint": record.fingerprint,
    }
