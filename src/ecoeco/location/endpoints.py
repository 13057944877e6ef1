"""HTTP endpoints of the location service (public data: no login needed)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from ecoeco.core.deps import SessionDep
from ecoeco.core.pagination import Page
from ecoeco.location import service
from ecoeco.location.kinds import PlaceKind
from ecoeco.location.runtime import LocationDep
from ecoeco.location.schemas import NearbyPlaceOut, PlaceOut

router = APIRouter(prefix="/locations", tags=["location"])


async def request_time(location: LocationDep) -> datetime:
    """Now, by the service's clock ("open now" is judged against it)."""
    return location.clock()


Now = Annotated[datetime, Depends(request_time)]
Limit = Annotated[int, Query(ge=1, le=100, description="page size; the k of k-nearest")]
Cursor = Annotated[str | None, Query(max_length=500, description="next_cursor of the last page")]


@router.get("/nearby", response_model=Page[NearbyPlaceOut])
async def nearby(
    session: SessionDep,
    now: Now,
    lat: Annotated[
        float, Query(ge=-90, le=90, description="latitude, decimal degrees", examples=[37.5665])
    ],
    lon: Annotated[
        float,
        Query(ge=-180, le=180, description="longitude, decimal degrees", examples=[126.978]),
    ],
    radius_m: Annotated[
        float | None, Query(gt=0, le=50_000, description="only places this close (≤ 50 km)")
    ] = None,
    limit: Limit = 20,
    kind: Annotated[
        list[PlaceKind] | None, Query(max_length=20, description="any of these kinds")
    ] = None,
    accepts: Annotated[
        list[str] | None, Query(max_length=20, description="takes any of these categories")
    ] = None,
    open_now: Annotated[bool, Query(description="open now in Asia/Seoul")] = False,
    cursor: Cursor = None,
) -> Page[NearbyPlaceOut]:
    """Places nearest first, within a radius or the k nearest, with distance_m."""
    return await service.nearby(
        session,
        service.point(lat, lon),
        now=now,
        radius_m=radius_m,
        limit=limit,
        kinds=kind or (),
        accepts=accepts or (),
        open_now=open_now,
        cursor=cursor,
    )


@router.get("/search", response_model=Page[PlaceOut])
async def search(
    session: SessionDep,
    now: Now,
    q: Annotated[str, Query(min_length=1, max_length=100, description="name or address")],
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[PlaceOut]:
    """Places by name or address, with or without spaces, partial Hangul included."""
    return await service.search(session, q, now=now, limit=limit, cursor=cursor)


@router.get("/{place_id}", response_model=PlaceOut)
async def get_place(
    session: SessionDep, now: Now, place_id: Annotated[str, Path(max_length=64)]
) -> PlaceOut:
    """One place."""
    return await service.get_place(session, place_id, now=now)
