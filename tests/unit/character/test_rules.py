"""The points rule: correct scans, local days and the daily cap."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from ecoeco.character.rules import PointsRule
from ecoeco.character.settings import CharacterSettings
from ecoeco.contracts.events import ScanCompleted


def scan(
    *, recyclable: bool = True, confirmed: bool = False, confidence: float = 1.0
) -> ScanCompleted:
    return ScanCompleted(
        scan_id="s1",
        user_id="u1",
        item="pet bottle",
        category="clear_pet",
        recyclable=recyclable,
        confirmed=confirmed,
        confidence=confidence,
    )


def test_correct_means_recyclable_and_confirmed_or_confident() -> None:
    rule = PointsRule.from_settings(CharacterSettings(high_confidence=0.8))
    assert rule.is_correct(scan(confidence=0.8))
    assert rule.is_correct(scan(confirmed=True, confidence=0.1))
    assert not rule.is_correct(scan(confidence=0.79))
    assert not rule.is_correct(scan(recyclable=False, confirmed=True))


def test_threshold_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOECO_CHARACTER_HIGH_CONFIDENCE", "0.95")
    rule = PointsRule.from_settings(CharacterSettings())
    assert not rule.is_correct(scan(confidence=0.9))
    monkeypatch.setenv("ECOECO_CHARACTER_HIGH_CONFIDENCE", "1.5")
    with pytest.raises(ValidationError):
        CharacterSettings()
    monkeypatch.setenv("ECOECO_CHARACTER_HIGH_CONFIDENCE", "0.9")
    monkeypatch.setenv("ECOECO_CHARACTER_TIMEZONE", "Mars/Olympus")
    with pytest.raises(ValidationError, match="time zone"):
        CharacterSettings()


def test_days_are_seoul_days() -> None:
    rule = PointsRule.from_settings(CharacterSettings())
    assert rule.day_of(datetime(2026, 11, 27, 14, 59, tzinfo=UTC)) == date(2026, 11, 27)
    assert rule.day_of(datetime(2026, 11, 27, 15, 0, tzinfo=UTC)) == date(2026, 11, 28)


def test_daily_cap_limits_base_points() -> None:
    rule = PointsRule.from_settings(CharacterSettings(scan_points=10, daily_category_cap=50))
    assert [rule.scan_award(n) for n in range(1, 8)] == [10, 10, 10, 10, 10, 0, 0]
    odd = PointsRule.from_settings(CharacterSettings(scan_points=20, daily_category_cap=50))
    assert [odd.scan_award(n) for n in range(1, 5)] == [20, 20, 10, 0]
    assert sum(odd.scan_award(n) for n in range(1, 500)) == 50
    with pytest.raises(ValueError, match="from 1"):
        rule.scan_award(0)
