"""A refusal's Retry-After holds the load's person back; journey times split by outcome;
the run counts the refusals apart from the errors."""

from __future__ import annotations

import json
from pathlib import Path

from bench.load.journeys import JourneyTimes, percentile, read_journeys
from bench.load.refusals import LONGEST_S, Backoff, retry_after_seconds
from bench.load.run import failures

NOW = 1_800_000_000.0  # 2027-01-15 08:00:00 UTC


def test_only_a_503_or_429_with_retry_after_is_a_refusal() -> None:
    assert retry_after_seconds(503, {"Retry-After": "3"}) == 3.0
    assert retry_after_seconds(429, {"Retry-After": "42"}) == 42.0
    assert retry_after_seconds(503, {}) is None, "a 503 without a time to come back is an error"
    assert retry_after_seconds(500, {"Retry-After": "3"}) is None
    assert retry_after_seconds(200, {"Retry-After": "3"}) is None
    assert retry_after_seconds(429, {"Retry-After": "soon"}) is None


def test_retry_after_as_an_http_date_and_the_bounds() -> None:
    ten_later = "Fri, 15 Jan 2027 08:00:10 GMT"
    assert retry_after_seconds(503, {"Retry-After": ten_later}, now=lambda: NOW) == 10.0
    assert retry_after_seconds(503, {"Retry-After": ten_later}, now=lambda: NOW + 60) == 0.0
    assert retry_after_seconds(429, {"Retry-After": "86400"}) == LONGEST_S


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_pause_lasts_until_the_latest_refusal_allows() -> None:
    clock = Clock()
    backoff = Backoff(clock)
    assert backoff.pause(1.2) == 1.2, "never refused: the usual pause"
    backoff.refused(30)
    backoff.refused(5)  # a shorter one later does not shorten the wait
    assert backoff.pause(1.2) == 30.0
    clock.now += 29.5
    assert backoff.pause(1.2) == 1.2
    clock.now += 10
    assert backoff.pause(0.5) == 0.5


def test_percentiles_by_outcome_are_written_and_read_back(tmp_path: Path) -> None:
    assert percentile([], 0.95) == 0.0
    ordered = [float(n) for n in range(1, 101)]
    assert percentile(ordered, 0.95) == 95.0
    assert percentile(ordered, 0.5) == 50.0
    times = JourneyTimes()
    for ms in range(1, 21):
        times.record("scan", "done", float(ms * 100))
    times.record("scan", "refused", 12.0)
    times.record("scan", "refused", 8.0)
    summary = times.summary()
    assert summary["scan"]["done"]["count"] == 20
    assert summary["scan"]["done"]["p95_ms"] == 1900.0
    assert summary["scan"]["done"]["max_ms"] == 2000.0
    assert summary["scan"]["refused"] == {
        "count": 2,
        "p50_ms": 8.0,
        "p95_ms": 12.0,
        "p99_ms": 12.0,
        "max_ms": 12.0,
    }
    path = tmp_path / "x_journeys.json"
    times.write(path)
    assert json.loads(path.read_text()) == summary
    assert read_journeys(path) == summary
    assert read_journeys(tmp_path / "absent.json") == {}


def test_the_run_counts_only_refusals_that_say_when_to_come_back(tmp_path: Path) -> None:
    rows = [
        {"name": "scan", "error": "503 overloaded (Retry-After 2)", "count": 3},
        {"name": "login", "error": "429 too many requests (Retry-After 1)", "count": 2},
        {"name": "scan", "error": "503 overloaded", "count": 1},
        {"name": "chat", "error": "500 internal", "count": 4},
    ]
    errors = tmp_path / "x_errors.json"
    errors.write_text(json.dumps(rows))
    summary = failures(errors)
    assert (summary["failures_total"], summary["failures_intended"]) == (10, 5)
    assert failures(tmp_path / "absent.json")["failures_total"] == 0
