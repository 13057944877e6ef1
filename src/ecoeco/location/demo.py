"""A clearly-labelled synthetic demo set over Seoul: not real places."""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator

from ecoeco.core.db import Database
from ecoeco.location.geo import GeoPoint
from ecoeco.location.hours import WEEKDAYS, Hours
from ecoeco.location.kinds import PlaceKind
from ecoeco.location.records import PlaceRecord
from ecoeco.location.repository import PlaceRepository

log = logging.getLogger(__name__)

DEMO_SOURCE = "demo"
DEMO_LABEL = "[데모]"
SOUTH, NORTH, WEST, EAST = 37.46, 37.68, 126.82, 127.17

# Approximate centres of Seoul's districts, to give synthetic points a plausible address.
DISTRICTS: tuple[tuple[str, float, float], ...] = (
    ("종로구", 37.5735, 126.9790),
    ("중구", 37.5641, 126.9979),
    ("용산구", 37.5326, 126.9905),
    ("성동구", 37.5634, 127.0369),
    ("광진구", 37.5385, 127.0823),
    ("동대문구", 37.5744, 127.0396),
    ("중랑구", 37.6066, 127.0927),
    ("성북구", 37.5894, 127.0167),
    ("강북구", 37.6396, 127.0257),
    ("도봉구", 37.6688, 127.0471),
    ("노원구", 37.6542, 127.0568),
    ("은평구", 37.6027, 126.9291),
    ("서대문구", 37.5791, 126.9368),
    ("마포구", 37.5663, 126.9019),
    ("양천구", 37.5170, 126.8664),
    ("강서구", 37.5509, 126.8495),
    ("구로구", 37.4955, 126.8875),
    ("금천구", 37.4569, 126.8955),
    ("영등포구", 37.5264, 126.8962),
    ("동작구", 37.5124, 126.9393),
    ("관악구", 37.4784, 126.9516),
    ("서초구", 37.4837, 127.0324),
    ("강남구", 37.5172, 127.0473),
    ("송파구", 37.5145, 127.1059),
    ("강동구", 37.5301, 127.1238),
)

# kind, weight, label, what the place is attached to
PROFILES: tuple[tuple[PlaceKind, int, str], ...] = (
    (PlaceKind.clothing_bin, 28, "의류수거함"),
    (PlaceKind.battery_box, 18, "폐건전지 수거함"),
    (PlaceKind.lamp_box, 12, "폐형광등 수거함"),
    (PlaceKind.medicine_box, 10, "폐의약품 수거함"),
    (PlaceKind.ewaste_box, 8, "소형폐가전 수거함"),
    (PlaceKind.reward_machine, 10, "투명페트병 무인회수기"),
    (PlaceKind.recycling_center, 4, "재활용센터"),
    (PlaceKind.zero_waste_shop, 6, "제로웨이스트 가게"),
    (PlaceKind.refill_station, 4, "리필스테이션"),
)
HOSTS = ("주민센터", "아파트 단지", "공원 입구", "편의점 앞", "약국", "구청", "도서관", "시장")


def _hours(kind: PlaceKind, rng: random.Random) -> Hours | None:
    roll = rng.random()
    if kind is PlaceKind.clothing_bin:
        return {d: ["00:00-24:00"] for d in WEEKDAYS} if roll < 0.8 else None
    if kind in (PlaceKind.zero_waste_shop, PlaceKind.refill_station):
        return {d: ["11:00-20:00"] for d in WEEKDAYS if d != "mon"}
    if kind is PlaceKind.reward_machine:
        span = "06:00-24:00" if roll < 0.6 else "20:00-02:00"
        return {d: [span] for d in WEEKDAYS}
    if kind is PlaceKind.recycling_center:
        return {d: ["09:00-18:00"] for d in WEEKDAYS[:6]}
    if roll < 0.15:
        return {d: ["00:00-24:00"] for d in WEEKDAYS}
    return {d: ["09:00-18:00"] for d in WEEKDAYS[:5]}


def demo_places(count: int, seed: int = 2026) -> Iterator[PlaceRecord]:
    """`count` synthetic places scattered over Seoul, the same every time for a seed."""
    rng = random.Random(seed)
    kinds, weights = [p[0] for p in PROFILES], [p[1] for p in PROFILES]
    labels = {p[0]: p[2] for p in PROFILES}
    for number in range(1, count + 1):
        point = GeoPoint(rng.uniform(SOUTH, NORTH), rng.uniform(WEST, EAST))
        district = min(DISTRICTS, key=lambda d: (d[1] - point.lat) ** 2 + (d[2] - point.lon) ** 2)[
            0
        ]
        kind = rng.choices(kinds, weights)[0]
        extra = [PlaceKind.lamp_box] if kind is PlaceKind.battery_box and rng.random() < 0.4 else []
        host = rng.choice(HOSTS)
        yield PlaceRecord(
            source=DEMO_SOURCE,
            source_id=f"demo-{number:06d}",
            name=f"{DEMO_LABEL} {district} {host} {labels[kind]} {number}",
            lat=round(point.lat, 6),
            lon=round(point.lon, 6),
            kinds=(kind, *extra),
            address_road=f"서울특별시 {district} 데모로 {rng.randint(1, 300)}",
            address_lot=f"서울특별시 {district} 데모동 {rng.randint(1, 999)}-{rng.randint(1, 30)}",
            hours=_hours(kind, rng),
            phone=f"02-0000-{number % 10000:04d}",
        )


async def seed_demo_on_first_start(db: Database, count: int) -> None:
    """Load `count` demo places into an empty database, so a first query finds places."""
    async with db.transaction() as session:
        places = PlaceRepository(session)
        if await places.count() > 0:
            return
        counts = await places.upsert(list(demo_places(count)))
    log.info("loaded %d synthetic demo places (source=%s)", counts.inserted, DEMO_SOURCE)
