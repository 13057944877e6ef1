"""Places around Seoul City Hall at known distances, and a clock fixed in Seoul time."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from ecoeco.core.container import Container
from ecoeco.location.geo import EARTH_RADIUS_M
from ecoeco.location.hours import WEEKDAYS
from ecoeco.location.kinds import PlaceKind
from ecoeco.location.records import PlaceRecord
from ecoeco.location.repository import PlaceRepository

CITY_HALL = (37.5665, 126.9780)
KST = timezone(timedelta(hours=9))
EVERY_DAY_24H = {d: ["00:00-24:00"] for d in WEEKDAYS}


def offset(north_m: float, east_m: float) -> tuple[float, float]:
    """A point this many metres north and east of City Hall."""
    lat = CITY_HALL[0] + math.degrees(north_m / EARTH_RADIUS_M)
    lon = CITY_HALL[1] + math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat))))
    return lat, lon


def place(
    source_id: str,
    name: str,
    at: tuple[float, float],
    kinds: tuple[PlaceKind, ...],
    hours: dict[str, list[str]] | None = None,
    address: str | None = None,
) -> PlaceRecord:
    """A test place of the `test` source."""
    return PlaceRecord(
        source="test",
        source_id=source_id,
        name=name,
        lat=at[0],
        lon=at[1],
        kinds=kinds,
        hours=hours,
        address_road=address,
    )


# name -> record; distances from City Hall are in the source ids' comments.
PLACES = [
    place(
        "p1",
        "시청 폐건전지 수거함",  # 100 m north
        offset(100, 0),
        (PlaceKind.battery_box,),
        {d: ["09:00-18:00"] for d in WEEKDAYS[:5]},
        "서울특별시 중구 세종대로 110",
    ),
    place("p2", "덕수궁 의류수거함", offset(0, 300), (PlaceKind.clothing_bin,), EVERY_DAY_24H),
    place(
        "p3",
        "소공동 폐의약품 수거함",  # 800 m south; open Friday night across midnight
        offset(-800, 0),
        (PlaceKind.medicine_box,),
        {"fri": ["22:00-02:00"], "sat": ["22:00-02:00"]},
        "서울특별시 중구 소공로 88",
    ),
    place(
        "p4",
        "서소문 투명페트병 무인회수기",  # 1.5 km west
        offset(0, -1500),
        (PlaceKind.reward_machine,),
        {d: ["06:00-24:00"] for d in WEEKDAYS},
    ),
    place(
        "p5",
        "알맹 제로웨이스트 리필가게",  # 3 km north-east; closed on Mondays
        offset(2121, 2121),
        (PlaceKind.zero_waste_shop, PlaceKind.refill_station),
        {d: ["11:00-20:00"] for d in WEEKDAYS[1:]},
        "서울특별시 마포구 월드컵로 49",
    ),
    place(
        "p6",
        "은평 재활용센터",  # 12 km north
        offset(12_000, 0),
        (PlaceKind.recycling_center,),
        {d: ["09:00-18:00"] for d in WEEKDAYS[:6]},
    ),
    place(
        "p7",
        "수원 폐건전지·폐형광등 수거함",  # 60 km south: beyond the 50 km cap
        offset(-60_000, 0),
        (PlaceKind.battery_box, PlaceKind.lamp_box),
    ),
]
ORDER = [p.source_id for p in PLACES]


async def load_places(container: Container, records: list[PlaceRecord] | None = None) -> None:
    """Write the places through the repository, committed."""
    async with container.db.transaction() as session:
        await PlaceRepository(session).upsert(records if records is not None else PLACES)


def seoul_clock(
    year: int, month: int, day: int, hour: int, minute: int = 0
) -> Callable[[], datetime]:
    """A clock stopped at a wall time in Seoul."""
    moment = datetime(year, month, day, hour, minute, tzinfo=KST)
    return lambda: moment
