"""Nearby queries on 1,000,000 places in PostGIS, against a sequential-scan baseline.

Creates a throw-away database, loads synthetic places with COPY, builds the GiST
index, then times the repository's own queries (2 km radius; k=20 nearest) with the
index and with index scans disabled in the same run, and the CSV importer's rows/s.

    .venv/bin/python -m bench.location.bench_nearby [--places 1000000] [--queries 500]

Needs PostgreSQL with PostGIS (scripts/prepare_test_env.py); ECOECO_BENCH_POSTGRES_URL
overrides the admin URL (default postgresql+asyncpg://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import asyncpg  # type: ignore[import-untyped]
import numpy as np
from sqlalchemy import text

from ecoeco.composition import registry
from ecoeco.core.db import Database
from ecoeco.location.geo import GeoPoint
from ecoeco.location.importer import import_rows, read_csv
from ecoeco.location.kinds import KIND_LABELS, PlaceKind, pack
from ecoeco.location.records import search_key
from ecoeco.location.repository import NearbyQuery, PlaceRepository
from ecoeco.migrations import upgrade

ADMIN = os.environ.get(
    "ECOECO_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)
# Population centres of Korea (lat, lon, share, spread in degrees): most places are in cities.
CITIES = [
    (37.55, 126.98, 0.40, 0.12),
    (35.16, 129.06, 0.12, 0.08),
    (35.87, 128.60, 0.08, 0.07),
    (37.46, 126.70, 0.08, 0.07),
    (35.16, 126.85, 0.05, 0.06),
    (36.35, 127.38, 0.05, 0.06),
    (35.54, 129.31, 0.03, 0.05),
    (37.27, 127.01, 0.07, 0.08),
]
BULK_INDEXES = (
    "CREATE INDEX ix_places_geog ON location.places USING gist (geog)",
    "CREATE INDEX ix_places_name_key_trgm ON location.places USING gin (name_key gin_trgm_ops)",
    "CREATE INDEX ix_places_address_key_trgm ON location.places "
    "USING gin (address_key gin_trgm_ops)",
)
SEQSCAN_SETTINGS = (
    "plan_cache_mode = force_custom_plan",
    "enable_indexscan = off",
    "enable_bitmapscan = off",
    "jit = off",  # spare the baseline JIT compilation: time the scan itself
)
PLACE_COLUMNS = [
    "id", "source", "source_id", "name", "address_road", "address_lot", "lat", "lon", "kinds",
    "accepts", "hours", "phone", "name_key", "address_key", "fingerprint", "created_at",
    "updated_at",
]  # fmt: skip


def synthetic_points(count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Latitudes and longitudes: city clusters plus a countryside spread."""
    shares = np.array([c[2] for c in CITIES])
    city = rng.choice(len(CITIES) + 1, size=count, p=[*shares, 1 - shares.sum()])
    lat = rng.uniform(34.5, 38.2, count)
    lon = rng.uniform(126.3, 129.4, count)
    for index, (clat, clon, _, spread) in enumerate(CITIES):
        chosen = city == index
        lat[chosen] = rng.normal(clat, spread, chosen.sum())
        lon[chosen] = rng.normal(clon, spread * 1.2, chosen.sum())
    return np.clip(lat, 33.0, 38.6), np.clip(lon, 124.5, 131.0)


async def load(url: str, count: int) -> float:
    """COPY `count` places (and their opening spans) in, then build the index; seconds taken."""
    rng = np.random.default_rng(1)
    lat, lon = synthetic_points(count, rng)
    kinds = list(PlaceKind)
    kind_of = rng.integers(0, len(kinds), count)
    now = datetime.now(UTC)
    label_keys = {k: search_key(KIND_LABELS[k]) for k in kinds}
    started = time.perf_counter()
    conn = await asyncpg.connect(url.replace("+asyncpg", ""))
    try:
        for index in BULK_INDEXES:
            await conn.execute(f"DROP INDEX location.{index.split()[2]}")
        places: list[tuple[object, ...]] = []
        spans: list[tuple[str, int, int]] = []
        for n in range(count):
            kind = kinds[int(kind_of[n])]
            ident = f"bench{n:021d}"
            places.append(
                (ident, "bench", str(n), f"[벤치] {KIND_LABELS[kind]} {n}", None, None,
                 float(lat[n]), float(lon[n]), pack([kind]), "|", None, None,
                 f"{label_keys[kind]}{n}", "", "bench", now, now)
            )  # fmt: skip
            if n % 3 == 0:  # a third keep office hours on weekdays
                spans.extend((ident, day * 1440 + 540, day * 1440 + 1080) for day in range(5))
            elif n % 3 == 1:
                spans.append((ident, 0, 7 * 1440))
            if len(places) >= 100_000:
                await conn.copy_records_to_table(
                    "places", schema_name="location", records=places, columns=PLACE_COLUMNS
                )
                places.clear()
        if places:
            await conn.copy_records_to_table(
                "places", schema_name="location", records=places, columns=PLACE_COLUMNS
            )
        await conn.copy_records_to_table(
            "opening_intervals",
            schema_name="location",
            records=spans,
            columns=["place_id", "opens", "closes"],
        )
        for index in BULK_INDEXES:  # building once after COPY beats maintaining them per row
            await conn.execute(index)
        await conn.execute("ANALYZE location.places")
        await conn.execute("ANALYZE location.opening_intervals")
    finally:
        await conn.close()
    return time.perf_counter() - started


def centres(count: int, seed: int) -> list[GeoPoint]:
    """Query points where people are (the same clusters as the data)."""
    lat, lon = synthetic_points(count, np.random.default_rng(seed))
    return [GeoPoint(float(a), float(b)) for a, b in zip(lat, lon, strict=True)]


async def timed(
    db: Database, queries: list[NearbyQuery], *, seqscan: bool
) -> tuple[list[float], int]:
    """Milliseconds per query through the repository, and the rows returned in all."""
    samples, returned = [], 0
    for query in queries:
        async with db.session() as session:
            await session.execute(text("SELECT 1"))  # check-out and BEGIN outside the timing
            if seqscan:  # re-plan every time: a cached generic plan would ignore the settings
                for setting in SEQSCAN_SETTINGS:
                    await session.execute(text(f"SET LOCAL {setting}"))
            started = time.perf_counter()
            rows = await PlaceRepository(session).nearby(query)
            samples.append((time.perf_counter() - started) * 1000)
            returned += len(rows)
            await session.rollback()
    return samples, returned


def pct(samples: list[float], q: float) -> float:
    """The q-th percentile."""
    return float(np.percentile(samples, q))


async def measure(
    db: Database,
    baseline: Database,
    name: str,
    make: Callable[[GeoPoint], NearbyQuery],
    args: argparse.Namespace,
) -> None:
    """Print p50/p99 with the index and with a sequential scan, and their ratio."""
    indexed_queries = [make(p) for p in centres(args.queries, 11)]
    baseline_queries = [make(p) for p in centres(args.baseline_queries, 12)]
    await timed(db, indexed_queries[:20], seqscan=False)  # warm the cache
    fast, rows = await timed(db, indexed_queries, seqscan=False)
    slow, slow_rows = await timed(baseline, baseline_queries, seqscan=True)
    print(
        f"{name:<28} index p50 {pct(fast, 50):7.2f} ms  p99 {pct(fast, 99):7.2f} ms"
        f" | seq scan p50 {pct(slow, 50):8.1f} ms  p99 {pct(slow, 99):8.1f} ms"
        f" | p50 ×{pct(slow, 50) / pct(fast, 50):6.0f}  p99 ×{pct(slow, 99) / pct(fast, 99):6.0f}"
        f" | {rows / len(fast):.1f} / {slow_rows / len(slow):.1f} rows/query"
    )


async def search(db: Database, baseline: Database, places: int) -> None:
    """Search by a name fragment ("수거함 1234"): trigram index against a sequential scan."""
    rng = np.random.default_rng(13)
    keys = [search_key(f"수거함 {n}") for n in rng.integers(1000, places, 120)]

    async def run(database: Database, sample: list[str], seqscan: bool) -> list[float]:
        samples = []
        for key in sample:
            async with database.session() as session:
                await session.execute(text("SELECT 1"))
                if seqscan:
                    for setting in SEQSCAN_SETTINGS:
                        await session.execute(text(f"SET LOCAL {setting}"))
                started = time.perf_counter()
                await PlaceRepository(session).search(key, 20, None)
                samples.append((time.perf_counter() - started) * 1000)
                await session.rollback()
        return samples

    await run(db, keys[:20], False)
    fast, slow = await run(db, keys[20:], False), await run(baseline, keys[:20], True)
    print(
        f"{'search by name fragment':<28} index p50 {pct(fast, 50):7.2f} ms"
        f"  p99 {pct(fast, 99):7.2f} ms"
        f" | seq scan p50 {pct(slow, 50):8.1f} ms  p99 {pct(slow, 99):8.1f} ms"
        f" | p50 ×{pct(slow, 50) / pct(fast, 50):6.0f}  p99 ×{pct(slow, 99) / pct(fast, 99):6.0f}"
    )


def write_csv(path: Path, count: int) -> None:
    """A public-data style CSV (Korean headers) of synthetic collection points."""
    lat, lon = synthetic_points(count, np.random.default_rng(5))
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["관리번호", "시설명", "수거함종류", "소재지도로명주소", "위도", "경도",
                      "평일운영시작시각", "평일운영종료시각"])  # fmt: skip
        for n in range(count):
            out.writerow([f"CSV-{n}", f"[벤치] 폐건전지 수거함 {n}", "폐건전지",
                          f"서울특별시 벤치구 벤치로 {n}", f"{lat[n]:.6f}", f"{lon[n]:.6f}",
                          "09:00", "18:00"])  # fmt: skip


async def importer(db: Database, rows: int) -> None:
    """Rows per second of `import-places` on a fresh file and on the same file again."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "points.csv"
        write_csv(path, rows)
        first = await import_rows(db, read_csv(path, "bench-csv"))
        again = await import_rows(db, read_csv(path, "bench-csv"))
    print(
        f"importer (CSV, {rows:,} rows)      new {first.rows / first.seconds:8,.0f} rows/s"
        f" | unchanged re-import {again.rows / again.seconds:8,.0f} rows/s"
        f" | ratio ×{(again.rows / again.seconds) / (first.rows / first.seconds):.1f}"
    )


async def run(args: argparse.Namespace) -> None:
    """Create the bench database, measure, drop it."""
    name = f"ecoeco_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN.rsplit("/", 1)[0] + f"/{name}"
    db, baseline = Database(url, pool_size=2), Database(url, pool_size=2)
    try:
        registry()
        await asyncio.to_thread(upgrade, url)
        seconds = await load(url, args.places)
        print(f"loaded {args.places:,} places with COPY + GiST build in {seconds:.1f} s")
        await db.start()
        await baseline.start()
        cases: list[tuple[str, Callable[[GeoPoint], NearbyQuery]]] = [
            ("radius 2 km (limit 100)", lambda p: NearbyQuery(p, limit=100, radius_m=2000)),
            ("k=20 nearest", lambda p: NearbyQuery(p, limit=20)),
            (
                "k=20 nearest, battery_box",
                lambda p: NearbyQuery(p, limit=20, kinds=("battery_box",)),
            ),
        ]
        for label, make in cases:
            await measure(db, baseline, label, make, args)
        await search(db, baseline, args.places)
        await importer(db, args.import_rows)
    finally:
        await db.stop()
        await baseline.stop()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--places", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--baseline-queries", type=int, default=40)
    parser.add_argument("--import-rows", type=int, default=50_000)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
