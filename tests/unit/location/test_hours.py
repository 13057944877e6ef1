"""Opening hours: ranges, midnight crossing, the Sunday-to-Monday wrap, OSM syntax."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ecoeco.location.hours import (
    WEEK_MINUTES,
    intervals,
    is_open,
    normalize_hours,
    parse_osm,
    parse_range,
    week_minute,
)

MON, TUE, SUN = 0, 1440, 6 * 1440


def test_ranges_parse_and_crossing_midnight_is_kept_as_written() -> None:
    assert parse_range("09:00-18:00") == (540, 1080)
    assert parse_range("9:30 ~ 18:00") == (570, 1080)
    assert parse_range("22:00-02:00") == (1320, 120)
    assert parse_range("00:00-24:00") == (0, 1440)
    for bad in ("25:00-18:00", "09:60-10:00", "10:00-10:00", "24:00-01:00", "noon", "24:30-25:00"):
        with pytest.raises(ValueError, match="time"):
            parse_range(bad)


def test_a_night_range_runs_into_the_next_day_and_sunday_wraps_to_monday() -> None:
    spans = intervals({"fri": ["22:00-02:00"], "sun": ["23:00-01:00"]})
    assert spans == [(0, 60), (4 * 1440 + 1320, 5 * 1440 + 120), (SUN + 1380, WEEK_MINUTES)]
    assert is_open(spans, 5 * 1440 + 90)  # Saturday 01:30
    assert not is_open(spans, 5 * 1440 + 120)  # Saturday 02:00: closed
    assert is_open(spans, MON + 30)  # Monday 00:30, from Sunday night
    assert not is_open(spans, TUE + 30)


def test_adjacent_days_merge_into_one_span() -> None:
    every_day = {d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    assert intervals(every_day) == [(0, WEEK_MINUTES)]
    assert intervals({"mon": ["09:00-12:00", "11:00-13:00", "14:00-18:00"]}) == [
        (540, 780),
        (840, 1080),
    ]
    assert intervals(None) == []


def test_week_minute_is_seoul_time() -> None:
    # 2026-11-27 15:30 UTC is Saturday 00:30 in Seoul
    assert week_minute(datetime(2026, 11, 27, 15, 30, tzinfo=UTC)) == 5 * 1440 + 30


def test_hours_are_validated_and_canonical() -> None:
    assert normalize_hours({"sun": "9:00-18:00", "mon": ["13:00-14:00", "08:00-09:00"]}) == {
        "mon": ["08:00-09:00", "13:00-14:00"],
        "sun": ["09:00-18:00"],
    }
    with pytest.raises(ValueError, match="weekday"):
        normalize_hours({"monday": ["09:00-18:00"]})


def test_the_common_osm_subset() -> None:
    assert parse_osm("24/7") == {
        d: ["00:00-24:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    hours = parse_osm("Mo-Fr 09:00-12:00,13:00-18:00; Sa 10:00-14:00; Su off")
    assert hours["wed"] == ["09:00-12:00", "13:00-18:00"]
    assert hours["sat"] == ["10:00-14:00"]
    assert "sun" not in hours
    assert set(parse_osm("Fr-Mo 20:00-02:00")) == {"fri", "sat", "sun", "mon"}
    assert parse_osm("10:00-20:00")["tue"] == ["10:00-20:00"]
    with pytest.raises(ValueError, match="time"):
        parse_osm("Mo-Fr sunrise-sunset")
