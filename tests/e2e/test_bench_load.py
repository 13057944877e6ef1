"""`bench/load/run.py` drives a short level against a real embedded server, end to end.

One level of two users for a few seconds: enough to see what the harness writes, not
a measurement (no figure here is compared with a speed). The users only scan
(`LOCUST_TAGS=scan`), and the server takes one scan per person a minute: each person's
second scan is refused with 429 + Retry-After (the rest of the minute).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from bench.load.chart import HEIGHT, WIDTH
from bench.load.journeys import SCAN_JOURNEY, SCAN_REFUSED
from bench.load.sampler import COLUMNS
from bench.load.targets import LOAD_ENV, ROOT
from PIL import Image

from tests.processes import Process, start_process

USERS, SECONDS = 2, 15
PREFIX = f"embedded-{USERS}u-{SECONDS}s"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    data = tmp_path_factory.mktemp("embedded")
    env = {
        **LOAD_ENV,
        "ECOECO_DATA_DIR": str(data),
        "ECOECO_ENV": "development",
        "ECOECO_SCAN_LIMIT_PER_USER": "1/minute",
    }
    for name in ("ECOECO_DATABASE_URL", "ECOECO_REDIS_URL", "ECOECO_AMQP_URL"):
        env[name] = ""
    process = start_process(["serve"], {k: v for k, v in env.items() if v}, data, ready_seconds=600)
    yield process
    process.stop()


@pytest.fixture(scope="module")
def level(embedded: Process, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One level through the runner; its output directory and what it printed."""
    out = tmp_path_factory.mktemp("load")
    # A bound no load is below, and no time to wait: the level must start marked.
    command = [
        sys.executable, str(ROOT / "bench" / "load" / "run.py"),
        "--host", embedded.url, "--metrics", embedded.metrics_url,
        "--users", str(USERS), "--duration", str(SECONDS),
        "--load-below", "0", "--load-wait", "0", "--out", str(out),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCUST_")}
    env["LOCUST_TAGS"] = "scan"
    ran = subprocess.run(command, env=env, capture_output=True, text=True, timeout=400)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    return {"out": out, "printed": ran.stdout}


def test_a_level_that_could_not_wait_for_a_quiet_machine_says_so(level: dict[str, Any]) -> None:
    out: Path = level["out"]
    summary = json.loads((out / f"{PREFIX}_summary.json").read_text())
    assert summary["load_wait"]["timed_out"] is True
    assert summary["load_wait"]["below"] == 0.0
    assert summary["load_average_before"] >= 0.0
    with (out / f"embedded-levels-{SECONDS}s.csv").open() as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["users"] == str(USERS)
    assert row["load_wait_timed_out"] == "True"
    assert float(row["load_before"]) == round(summary["load_average_before"], 2)
    assert "LOAD WAIT TIMED OUT" in level["printed"]
    assert "(load wait timed out)" in level["printed"]


def stats_rows(out: Path) -> dict[str, dict[str, str]]:
    with (out / f"{PREFIX}_stats.csv").open() as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def test_a_refused_scan_is_its_own_journey_and_the_person_waits_retry_after(
    level: dict[str, Any],
) -> None:
    out: Path = level["out"]
    rows = stats_rows(out)
    refused = int(rows[SCAN_REFUSED]["Request Count"])
    assert refused >= 1, level["printed"][-3000:]
    assert rows[SCAN_REFUSED]["Failure Count"] == "0", "a refusal is an answer, not a failure"
    # Told to come back in about a minute, nobody asks again within the level: one
    # accepted scan and one refused per person at most (without the wait, a person
    # would be refused every 0.5-2 s).
    assert int(rows["scan: create"]["Request Count"]) <= 2 * USERS
    assert int(rows["scan: create"]["Failure Count"]) == refused
    errors = json.loads((out / f"{PREFIX}_errors.json").read_text())
    assert {e["name"] for e in errors} == {"scan: create"}
    assert all(e["error"].startswith("429 rate_limited") for e in errors)
    assert all("Retry-After" in e["error"] for e in errors)


def test_journey_percentiles_are_written_by_outcome(level: dict[str, Any]) -> None:
    out: Path = level["out"]
    rows = stats_rows(out)
    journeys = json.loads((out / f"{PREFIX}_journeys.json").read_text())
    scans = journeys[SCAN_JOURNEY]
    assert scans["refused"]["count"] == int(rows[SCAN_REFUSED]["Request Count"])
    completed = sum(scans[o]["count"] for o in ("done", "needs_confirmation") if o in scans)
    # The scan journey row holds every scan that was not refused, and only those.
    assert int(rows[SCAN_JOURNEY]["Request Count"]) == completed + sum(
        scans[o]["count"] for o in scans if o not in ("done", "needs_confirmation", "refused")
    )
    assert completed >= 1
    for figures in scans.values():
        assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    summary = json.loads((out / f"{PREFIX}_summary.json").read_text())
    assert summary["journeys_by_outcome"] == journeys
    assert summary["scans_refused"] == scans["refused"]["count"]
    assert "scan journey (upload → SSE final): refused" in level["printed"]


def test_the_level_writes_and_draws_a_timeline_every_second(level: dict[str, Any]) -> None:
    out: Path = level["out"]
    with (out / f"{PREFIX}_timeline.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) >= 2, rows
    assert tuple(rows[0]) == COLUMNS
    for row in rows:
        datetime.strptime(row["utc"], "%Y-%m-%dT%H:%M:%SZ")  # noqa: DTZ007 (a UTC text)
        assert float(row["load_1m"]) >= 0
        assert float(row["locust_cpu_percent"]) >= 0
        assert row["server_cpu_percent"] == "", "a --host server is not ours to read"
    assert max(int(r["users"]) for r in rows) == USERS
    stats = stats_rows(out)
    served = sum(float(r["requests_per_s"]) for r in rows)
    assert served > 0
    # Every request of the level falls in some second of the timeline.
    elapsed = [float(r["elapsed_s"]) for r in rows]
    assert elapsed == sorted(elapsed)
    total = sum(
        float(r["requests_per_s"]) * (b - a)
        for r, a, b in zip(rows, [0.0, *elapsed], elapsed, strict=False)
    )
    assert round(total) == int(stats["Aggregated"]["Request Count"]) - sum(
        int(row["Request Count"]) for name, row in stats.items() if row["Type"] == "JOURNEY"
    )
    with Image.open(out / f"{PREFIX}_timeline.png") as image:
        assert image.size == (WIDTH, HEIGHT)
