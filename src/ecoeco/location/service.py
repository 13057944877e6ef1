"""Logic of the location service: nearby, search and look-up."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.errors import BadRequest, ValidationFailed
from ecoeco.core.pagination import Page, decode_cursor, encode_cursor
from ecoeco.knowledge import load_knowledge
from ecoeco.location.errors import InvalidCoordinates, PlaceNotFound, UnknownCategory
from ecoeco.location.geo import GeoPoint
from ecoeco.location.hours import intervals, is_open, week_minute
from ecoeco.location.kinds import PlaceKind, unpack
from ecoeco.location.models import Place
from ecoeco.location.records import search_key
from ecoeco.location.repository import NearbyQuery, PlaceRepository, PlaceView
from ecoeco.location.schemas import Address, NearbyPlaceOut, PlaceOut


def point(lat: float, lon: float) -> GeoPoint:
    """A WGS84 point; the endpoint has checked the ranges, this refuses what is not finite."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise InvalidCoordinates("lat and lon must be finite numbers")
    return GeoPoint(lat, lon)


def _check_categories(slugs: Sequence[str]) -> None:
    knowledge = load_knowledge()
    for slug in slugs:
        if not knowledge.has_category(slug):
            raise UnknownCategory(f"accepts: unknown category {slug!r}")


def describe(place: Place | PlaceView, now: datetime) -> PlaceOut:
    """The public view of a place at a moment (for `open_now`)."""
    return PlaceOut.model_validate(_fields(place, now))


def _fields(place: Place | PlaceView, now: datetime) -> dict[str, object]:
    open_now: bool | None = None
    if place.hours:
        open_now = is_open(intervals(place.hours), week_minute(now))
    return {
        "id": place.id,
        "name": place.name,
        "kinds": unpack(place.kinds),
        "accepts": unpack(place.accepts),
        "address": Address(road=place.address_road, lot=place.address_lot),
        "lat": place.lat,
        "lon": place.lon,
        "phone": place.phone,
        "hours": place.hours,
        "open_now": open_now,
        "source": place.source,
        "source_id": place.source_id,
        "updated_at": place.updated_at,
    }


async def nearby(
    session: AsyncSession,
    center: GeoPoint,
    *,
    now: datetime,
    radius_m: float | None,
    limit: int,
    kinds: Sequence[PlaceKind] = (),
    accepts: Sequence[str] = (),
    open_now: bool = False,
    cursor: str | None = None,
) -> Page[NearbyPlaceOut]:
    """Places by distance from `center`, within `radius_m` if given (else the k nearest)."""
    _check_categories(accepts)
    after: tuple[float, str] | None = None
    values = decode_cursor(cursor, 2)
    if values is not None:
        distance, ident = values
        if not isinstance(distance, int | float) or not isinstance(ident, str):
            raise BadRequest("invalid cursor")
        after = (float(distance), ident)
    query = NearbyQuery(
        center=center,
        limit=limit,
        radius_m=radius_m,
        kinds=tuple(k.value for k in kinds),
        accepts=tuple(accepts),
        open_at=week_minute(now) if open_now else None,
        after=after,
    )
    rows = await PlaceRepository(session).nearby(query)
    page, more = rows[:limit], len(rows) > limit
    items = [
        NearbyPlaceOut.model_validate(_fields(p, now) | {"distance_m": round(d, 1)})
        for p, d in page
    ]
    next_cursor = encode_cursor(page[-1][1], page[-1][0].id) if more else None
    return Page[NearbyPlaceOut](items=items, next_cursor=next_cursor)


async def search(
    session: AsyncSession, text: str, *, now: datetime, limit: int, cursor: str | None = None
) -> Page[PlaceOut]:
    """Places whose name or address contains the text, ignoring spacing; Hangul by jamo."""
    key = search_key(text)
    if not key:
        raise ValidationFailed("q: needs at least one letter or digit")
    values = decode_cursor(cursor, 3)
    after: tuple[int, str, str] | None = None
    if values is not None:
        if not (isinstance(values[0], int) and all(isinstance(v, str) for v in values[1:])):
            raise BadRequest("invalid cursor")
        after = (values[0], values[1], values[2])
    rows = await PlaceRepository(session).search(key, limit, after)
    page, more = rows[:limit], len(rows) > limit
    items = [describe(p, now) for p, _ in page]
    last = page[-1] if page else None
    next_cursor = encode_cursor(last[1], last[0].name, last[0].id) if more and last else None
    return Page[PlaceOut](items=items, next_cursor=next_cursor)


async def get_place(session: AsyncSession, place_id: str, *, now: datetime) -> PlaceOut:
    """One place by id."""
    place = await PlaceRepository(session).get(place_id)
    if place is None:
        raise PlaceNotFound()
    return describe(place, now)
