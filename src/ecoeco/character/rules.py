"""The points rule (documented in docs/points.md): pure functions, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ecoeco.character.settings import CharacterSettings
from ecoeco.contracts.events import ScanCompleted


@dataclass(frozen=True)
class PointsRule:
    """What a correct scan earns, and when a scan counts as correct."""

    high_confidence: float
    scan_points: int
    first_of_category_bonus: int
    daily_category_cap: int
    zone: ZoneInfo

    @classmethod
    def from_settings(cls, settings: CharacterSettings) -> PointsRule:
        """The rule the service is configured with."""
        return cls(
            high_confidence=settings.high_confidence,
            scan_points=settings.scan_points,
            first_of_category_bonus=settings.first_of_category_bonus,
            daily_category_cap=settings.daily_category_cap,
            zone=ZoneInfo(settings.timezone),
        )

    def is_correct(self, scan: ScanCompleted) -> bool:
        """A recyclable result the person confirmed, or one the model was sure of."""
        return scan.recyclable and (scan.confirmed or scan.confidence >= self.high_confidence)

    def day_of(self, moment: datetime) -> date:
        """The local calendar day (Asia/Seoul by default) a moment falls on."""
        return moment.astimezone(self.zone).date()

    def scan_award(self, nth_today: int) -> int:
        """Points for the n-th correct scan of one category on one day, under the cap."""
        if nth_today < 1:
            raise ValueError("scans are counted from 1")
        before = min((nth_today - 1) * self.scan_points, self.daily_category_cap)
        after = min(nth_today * self.scan_points, self.daily_category_cap)
        return after - before
