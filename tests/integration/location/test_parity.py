"""SQLite (bounding box + haversine) and PostGIS (GiST, <->, ST_DWithin) give the same answers."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from sqlalchemy import delete

from ecoeco.core.db import Database
from ecoeco.location.geo import GeoPoint
from ecoeco.location.hours import WEEKDAYS
from ecoeco.location.kinds import DEFAULT_ACCEPTS, PlaceKind
from ecoeco.location.models import Place
from ecoeco.location.records import PlaceRecord
from ecoeco.location.repository import NearbyQuery, PlaceRepository
from tests.servers import need

SOURCE = "parity"
SPANS = ["09:00-18:00", "00:00-24:00", "22:00-02:00", "11:00-20:00", "06:00-24:00"]


def random_places(rng: random.Random, count: int) -> list[PlaceRecord]:
    kinds = list(PlaceKind)
    records = []
    for n in range(count):
        far = rng.random() < 0.05
        lat = rng.uniform(33.0, 38.5) if far else rng.gauss(37.55, 0.08)
        lon = rng.uniform(124.5, 131.0) if far else rng.gauss(126.98, 0.1)
        days = rng.sample(WEEKDAYS, rng.randint(0, 7))
        hours = {d: [rng.choice(SPANS)] for d in days} or None
        records.append(
            PlaceRecord(
                source=SOURCE,
                source_id=f"p{n}",
                name=f"패리티 {n}",
                lat=lat,
                lon=lon,
                kinds=tuple(rng.sample(kinds, rng.randint(1, 2))),
                hours=hours,
            )
        )
    return records


def random_queries(rng: random.Random, count: int) -> list[NearbyQuery]:
    categories = sorted({c for values in DEFAULT_ACCEPTS.values() for c in values})
    queries = []
    for _ in range(count):
        center = GeoPoint(rng.gauss(37.55, 0.1), rng.gauss(126.98, 0.12))
        queries.append(
            NearbyQuery(
                center=center,
                limit=rng.choice([1, 5, 20, 100]),
                radius_m=rng.choice([None, 150.0, 1000.0, 5000.0, 50_000.0]),
                kinds=tuple(k.value for k in rng.sample(list(PlaceKind), rng.choice([0, 0, 1, 2]))),
                accepts=tuple(rng.sample(categories, rng.choice([0, 0, 1]))),
                open_at=rng.choice([None, rng.randrange(7 * 24 * 60)]),
            )
        )
    return queries


async def answers(db: Database, query: NearbyQuery) -> list[list[tuple[str, float]]]:
    """Two pages of the query (the second through the cursor), as (source id, distance)."""
    pages = []
    async with db.session() as session:
        repo = PlaceRepository(session)
        rows = await repo.nearby(query)
        pages.append([(p.source_id, d) for p, d in rows[: query.limit]])
        if len(rows) > query.limit:
            last_place, last_distance = rows[query.limit - 1]
            after = NearbyQuery(**{**query.__dict__, "after": (last_distance, last_place.id)})
            more = await repo.nearby(after)
            pages.append([(p.source_id, d) for p, d in more[: query.limit]])
    return pages


async def test_both_backends_return_the_same_places_in_the_same_order(
    sqlite_template: Path, postgres_url: str, tmp_path: Path
) -> None:
    need("postgres")
    shutil.copy(sqlite_template, tmp_path / "parity.db")
    lite, postgis = (
        Database(f"sqlite+aiosqlite:///{tmp_path / 'parity.db'}"),
        Database(postgres_url),
    )
    rng = random.Random(7)
    records = random_places(rng, 3000)
    await lite.start()
    await postgis.start()
    try:
        for db in (lite, postgis):
            async with db.transaction() as session:
                await PlaceRepository(session).upsert(records)
        compared = 0
        for query in random_queries(rng, 80):
            ours, theirs = await answers(lite, query), await answers(postgis, query)
            assert [[i for i, _ in page] for page in ours] == [
                [i for i, _ in page] for page in theirs
            ], query
            for page_a, page_b in zip(ours, theirs, strict=True):
                for (_, a), (_, b) in zip(page_a, page_b, strict=True):
                    assert abs(a - b) < 0.01, (query, a, b)
                    compared += 1
        assert compared > 500  # the queries were not all empty
    finally:
        async with postgis.transaction() as session:
            await session.execute(delete(Place).where(Place.source == SOURCE))
        await lite.stop()
        await postgis.stop()
