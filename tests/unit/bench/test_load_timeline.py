"""The timeline sampler writes one row a second from what it was told and what it reads."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from bench.load.chart import HEIGHT, WIDTH
from bench.load.sampler import COLUMNS, WINDOW_S, Sampler, Sources
from bench.load.timeline import draw_timeline, read_timeline
from PIL import Image


class Fake:
    """A clock moved by hand, a load and CPU counters set by hand."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.users = 0
        self.load = 0.3
        self.server_cpu: float | None = 50.0
        self.locust_cpu = 10.0

    def sources(self) -> Sources:
        return Sources(
            users=lambda: self.users,
            load=lambda: self.load,
            cpu=lambda: {"server": self.server_cpu, "locust": self.locust_cpu},
            clock=lambda: self.now,
            wall=lambda: datetime(2026, 12, 2, 1, 30, int(self.now - 1000) % 60, tzinfo=UTC),
        )


def test_each_row_counts_the_last_second_and_the_p95_of_the_last_window(tmp_path: Path) -> None:
    fake = Fake()
    path = tmp_path / "x_timeline.csv"
    sampler = Sampler(path, fake.sources())
    fake.users = 4
    for ms in range(1, 21):  # 20 requests in the first second, the last two failed
        sampler.request(float(ms * 10), failed=ms > 18)
    sampler.scan(1500.0)
    fake.now += 1.0
    fake.server_cpu = 50.0 + 1.5  # one and a half cores for that second
    fake.locust_cpu = 10.0 + 0.25
    fake.load = 1.25
    first = sampler.sample()
    assert first["utc"] == "2026-12-02T01:30:01Z"
    assert first["users"] == 4
    assert first["requests_per_s"] == 20.0
    assert first["errors_per_s"] == 2.0
    assert first["p95_ms"] == 190
    assert first["scan_p95_ms"] == 1500
    assert first["load_1m"] == 1.25
    assert first["server_cpu_percent"] == 150.0
    assert first["locust_cpu_percent"] == 25.0

    sampler.request(5.0, failed=False)  # one more, two seconds later
    fake.now += 2.0
    second = sampler.sample()
    assert second["requests_per_s"] == 0.5
    assert second["errors_per_s"] == 0.0
    assert second["p95_ms"] == 190, "the first second's requests are still in the window"
    assert second["server_cpu_percent"] == 0.0

    fake.now += WINDOW_S + 1
    fake.server_cpu = None  # no server process of ours (a --host run)
    third = sampler.sample()
    assert third["p95_ms"] == 0, "all older than the window: forgotten"
    assert third["scan_p95_ms"] == 0
    assert third["server_cpu_percent"] == ""

    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert [r["requests_per_s"] for r in rows] == ["20.0", "0.5", "0.0"]
    assert [r["server_cpu_percent"] for r in rows] == ["150.0", "0.0", ""]


def test_the_timeline_is_drawn_from_its_csv(tmp_path: Path) -> None:
    fake = Fake()
    path = tmp_path / "x_timeline.csv"
    sampler = Sampler(path, fake.sources())
    for second in range(5):
        fake.users = second
        sampler.request(100.0 * second, failed=False)
        fake.now += 1.0
        fake.server_cpu = None if second == 4 else 50.0 + second
        sampler.sample()
    series = read_timeline(path)
    assert series["users"] == [(1.0, 0.0), (2.0, 1.0), (3.0, 2.0), (4.0, 3.0), (5.0, 4.0)]
    assert len(series["server_cpu_percent"]) == 4, "the unknown cell is left out"
    out = tmp_path / "x_timeline.png"
    draw_timeline(path, out, "x")
    with Image.open(out) as image:
        assert image.size == (WIDTH, HEIGHT)
        assert len(image.getcolors(maxcolors=1 << 16) or []) > 2, "more than a blank page"
