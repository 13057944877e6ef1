"""Before each level the load harness waits for a quiet machine, and says how quiet it was."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from bench.load.levels import print_levels, write_levels
from bench.load.settle import Settled, wait_for_quiet


class FakeMachine:
    """A load average that reads from a script, and a clock that only sleeping moves."""

    def __init__(self, loads: list[float]) -> None:
        self.loads = loads
        self.now = 0.0
        self.slept: list[float] = []

    def read_load(self) -> float:
        return self.loads.pop(0) if len(self.loads) > 1 else self.loads[0]

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def wait(machine: FakeMachine, below: float = 1.0, wait_s: float = 240.0) -> Settled:
    return wait_for_quiet(
        below,
        wait_s,
        read_load=machine.read_load,
        sleep=machine.sleep,
        clock=machine.clock,
        say=lambda _: None,
    )


def test_a_quiet_machine_starts_at_once() -> None:
    machine = FakeMachine([0.4])
    settled = wait(machine)
    assert settled == Settled(load=0.4, waited_s=0.0, timed_out=False, below=1.0)
    assert machine.slept == []


def test_a_busy_machine_is_waited_for_until_the_load_falls_below_the_bound() -> None:
    machine = FakeMachine([3.2, 2.1, 1.0, 0.9, 0.1])
    settled = wait(machine)
    assert settled.load == 0.9, "1.0 is not below 1.0"
    assert not settled.timed_out
    assert settled.waited_s == 15.0
    assert machine.slept == [5.0, 5.0, 5.0]


def test_the_wait_runs_out_and_the_level_is_marked() -> None:
    machine = FakeMachine([2.5])
    settled = wait(machine, wait_s=12)
    assert settled.timed_out
    assert settled.load == 2.5
    assert settled.waited_s == 12.0
    assert machine.slept == [5.0, 5.0, 2.0], "never sleeps past the limit"
    assert "TIMED OUT" in settled.describe()


def test_no_wait_at_all_marks_a_busy_start_without_sleeping() -> None:
    machine = FakeMachine([1.7])
    settled = wait(machine, wait_s=0)
    assert settled.timed_out
    assert machine.slept == []


def result(users: int, load: float, timed_out: bool) -> dict[str, Any]:
    return {
        "users": users,
        "started_utc": "01:02:03",
        "load_average_before": load,
        "load_wait": {
            "below": 1.0,
            "waited_s": 240.0 if timed_out else 7.5,
            "timed_out": timed_out,
        },
        "duration_s": 10.0,
        "requests": 250,
        "scan_journeys_per_second": 1.25,
        "scan_p95_ms": 1800.0,
        "error_ratio": 0.0,
        "holds": True,
    }


def test_the_levels_table_carries_the_starting_load_and_the_timed_out_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = [result(40, 0.62, False), result(80, 1.93, True)]
    write_levels(results, tmp_path / "levels.csv")
    with (tmp_path / "levels.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["load_before"] for r in rows] == ["0.62", "1.93"]
    assert [r["load_wait_timed_out"] for r in rows] == ["False", "True"]
    assert rows[0]["requests_per_s"] == "25.0"
    print_levels(results)
    lines = capsys.readouterr().out.strip().splitlines()
    assert "load" in lines[0]
    assert "0.62" in lines[1]
    assert "timed out" not in lines[1]
    assert "1.93" in lines[2]
    assert "load wait timed out" in lines[2]
