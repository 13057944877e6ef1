"""The users service's shapes that others read."""

from __future__ import annotations

from pydantic import BaseModel


class CategoryCount(BaseModel):
    """How many scans fell in one category."""

    category: str
    count: int


class StatsOut(BaseModel):
    """Points, scans by category and the current daily streak."""

    points: int
    scans_total: int
    scans_by_category: list[CategoryCount]
    current_streak_days: int
    last_scan_day: str | None
