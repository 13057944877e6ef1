"""`bench/load/run.py` drives a short level against a real embedded server, end to end.

One level of two users for a few seconds: enough to see what the harness writes, not
a measurement (no figure here is compared with a speed).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bench.load.targets import LOAD_ENV, ROOT

from tests.processes import Process, start_process

USERS, SECONDS = 2, 12
PREFIX = f"embedded-{USERS}u-{SECONDS}s"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    data = tmp_path_factory.mktemp("embedded")
    env = {**LOAD_ENV, "ECOECO_DATA_DIR": str(data), "ECOECO_ENV": "development"}
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
