"""Opening hours: per-weekday ranges, midnight crossing, OSM syntax, and "open now" in Seoul."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MINUTES = 24 * 60
WEEK_MINUTES = 7 * DAY_MINUTES
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-~–]\s*(\d{1,2}):(\d{2})\s*$")
_OSM_DAYS = {"mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6}

try:
    SEOUL: timezone | ZoneInfo = ZoneInfo("Asia/Seoul")
except ZoneInfoNotFoundError:  # no tz database: Korea has kept UTC+9 without DST since 1988
    SEOUL = timezone(timedelta(hours=9), "KST")

Hours = dict[str, list[str]]
Interval = tuple[int, int]  # opens, closes: minutes since Monday 00:00 Seoul time


@lru_cache(maxsize=4096)
def parse_range(text: str) -> tuple[int, int]:
    """`09:00-18:00` -> (540, 1080); a close at or before the open crosses midnight."""
    match = _RANGE.match(text)
    if match is None:
        raise ValueError(f"not a time range: {text!r}")
    oh, om, ch, cm = (int(g) for g in match.groups())
    if oh > 24 or ch > 24 or om > 59 or cm > 59 or (oh == 24 and om) or (ch == 24 and cm):
        raise ValueError(f"not a time of day in {text!r}")
    opens, closes = oh * 60 + om, ch * 60 + cm
    if opens == closes or opens == DAY_MINUTES:
        raise ValueError(f"empty time range: {text!r}")
    return opens, closes


@lru_cache(maxsize=4096)
def _format_range(span: tuple[int, int]) -> str:
    (oh, om), (ch, cm) = divmod(span[0], 60), divmod(span[1], 60)
    return f"{oh:02d}:{om:02d}-{ch:02d}:{cm:02d}"


def normalize_hours(raw: Mapping[str, Any]) -> Hours:
    """Validate `{"mon": ["09:00-18:00"], ...}` and return it in canonical form."""
    hours: Hours = {}
    for day, ranges in raw.items():
        if day not in WEEKDAYS:
            raise ValueError(f"unknown weekday {day!r}; use {', '.join(WEEKDAYS)}")
        items = [ranges] if isinstance(ranges, str) else ranges
        if not isinstance(items, list):
            raise ValueError(f"hours for {day} must be a list of ranges")
        spans = sorted(parse_range(str(r)) for r in items)
        if spans:
            hours[day] = [_format_range(span) for span in spans]
    return {day: hours[day] for day in WEEKDAYS if day in hours}


def intervals(hours: Mapping[str, list[str]] | None) -> list[Interval]:
    """Open spans in minutes from Monday 00:00, merged, with midnight crossings carried over."""
    spans: list[tuple[int, int]] = []
    for day, ranges in (hours or {}).items():
        base = WEEKDAYS.index(day) * DAY_MINUTES
        for text in ranges:
            opens, closes = parse_range(text)
            start, end = base + opens, base + (closes if closes > opens else closes + DAY_MINUTES)
            if end > WEEK_MINUTES:
                spans.extend([(start, WEEK_MINUTES), (0, end - WEEK_MINUTES)])
            else:
                spans.append((start, end))
    merged: list[Interval] = []
    for opens, closes in sorted(spans):
        if merged and opens <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], closes))
        else:
            merged.append((opens, closes))
    return merged


def week_minute(now: datetime) -> int:
    """Minutes since Monday 00:00 in Seoul at an aware instant."""
    local = now.astimezone(SEOUL)
    return local.weekday() * DAY_MINUTES + local.hour * 60 + local.minute


def is_open(spans: list[Interval], minute: int) -> bool:
    """True when one span covers this minute of the week."""
    return any(opens <= minute < closes for opens, closes in spans)


def _osm_days(text: str) -> list[int]:
    days: list[int] = []
    for part in text.split(","):
        bounds = [p.strip()[:2].lower() for p in part.split("-")]
        if not all(b in _OSM_DAYS for b in bounds) or len(bounds) > 2:
            raise ValueError(f"unsupported OSM days {part!r}")
        first, last = _OSM_DAYS[bounds[0]], _OSM_DAYS[bounds[-1]]
        day = first
        while True:
            days.append(day)
            if day == last:
                break
            day = (day + 1) % 7
    return days


def parse_osm(text: str) -> Hours:
    """The common subset of OSM `opening_hours`: `Mo-Fr 09:00-18:00; Sa 10:00-13:00; Su off`."""
    spec = text.strip()
    if spec == "24/7":
        return {day: ["00:00-24:00"] for day in WEEKDAYS}
    hours: dict[str, list[str]] = {}
    for rule in filter(None, (r.strip() for r in spec.split(";"))):
        head, _, tail = rule.partition(" ")
        if head[:2].lower() in _OSM_DAYS and tail:
            days, times = _osm_days(head), tail.strip()
        else:
            days, times = list(range(7)), rule
        for day in days:
            hours.pop(WEEKDAYS[day], None)
        if times.lower() in ("off", "closed"):
            continue
        ranges = [r.strip() for r in times.split(",")]
        for r in ranges:
            parse_range(r)
        for day in days:
            hours.setdefault(WEEKDAYS[day], []).extend(ranges)
    return normalize_hours(hours)
