"""A written rate limit is parsed once per distinct text, not on every request it limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ecoeco.core import ratelimit
from ecoeco.core.ratelimit import Limit, parse_limits
from ecoeco.scan.settings import ScanSettings


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The texts handed to the `limits` parser while the test runs (a fresh cache)."""
    seen: list[str] = []
    parse_many = ratelimit.parse_many

    def counting(text: str) -> Any:
        seen.append(text)
        return parse_many(text)

    monkeypatch.setattr(ratelimit, "parse_many", counting)
    caches = (ratelimit._windows, parse_limits)
    for cache in caches:
        cache.cache_clear()
    yield seen
    for cache in caches:
        cache.cache_clear()


def test_each_distinct_text_is_parsed_once(parsed: list[str]) -> None:
    first = parse_limits("scan_create", "60/minute;1000/hour")
    assert first == (
        Limit("scan_create", 60, 60.0),
        Limit("scan_create", 1000, 3600.0),
    )
    assert parse_limits("scan_create", "60/minute;1000/hour") is first
    assert parse_limits("scan_create", "5/second") == (Limit("scan_create", 5, 1.0),)
    assert parse_limits("upload", "60/minute;1000/hour")[1] == Limit("upload", 1000, 3600.0)
    assert parsed == ["60/minute;1000/hour", "5/second"]


def test_every_scan_request_takes_the_windows_parsed_once(parsed: list[str]) -> None:
    settings = ScanSettings(limit_per_user="60/minute;1000/hour")
    windows = [settings.scan_limits() for _ in range(3)]  # what each POST /scan asks for
    assert all(found is windows[0] for found in windows)
    assert parsed == ["60/minute;1000/hour"]
