"""A written limit is parsed once per text: the endpoints read it on every request."""

from __future__ import annotations

from ecoeco.core.ratelimit import Limit, parse_limits
from ecoeco.scan.settings import ScanSettings


def test_every_window_of_a_written_limit_under_its_name() -> None:
    assert parse_limits("scan_create", "30/minute; 500/day") == (
        Limit("scan_create", 30, 60.0),
        Limit("scan_create", 500, 86400.0),
    )


def test_the_same_text_gives_the_same_windows_without_parsing_again() -> None:
    settings = ScanSettings(limit_per_user="7/minute")
    first = settings.scan_limits()
    assert settings.scan_limits() is first
    assert ScanSettings(limit_per_user="7/minute").scan_limits() is first


def test_a_changed_limit_is_read_anew() -> None:
    assert ScanSettings(limit_per_user="7/minute").scan_limits() == (Limit("scan_create", 7, 60.0),)
    assert ScanSettings(limit_per_user="8/hour").scan_limits() == (Limit("scan_create", 8, 3600.0),)
    assert parse_limits("upload", "7/minute") == (Limit("upload", 7, 60.0),)
