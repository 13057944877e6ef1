"""The timeline of a level: one row a second of what the load and the machine are doing.

Runs inside the Locust process (a greenlet started by the locustfile) and appends to
`<prefix>_timeline.csv`: UTC time, users, requests and errors per second over the
last second, the p95 of requests and of completed scan journeys over the last
`WINDOW_S` seconds, the 1-minute load average, and the CPU the server processes and
Locust itself used over the last second (percent of one core).
"""

from __future__ import annotations

import csv
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.load.journeys import percentile

WINDOW_S = 10.0
COLUMNS = (
    "utc",
    "elapsed_s",
    "users",
    "requests_per_s",
    "errors_per_s",
    "p95_ms",
    "scan_p95_ms",
    "load_1m",
    "server_cpu_percent",
    "locust_cpu_percent",
)


class Window:
    """Times (ms) seen in the last `span_s` seconds."""

    def __init__(self, span_s: float = WINDOW_S) -> None:
        self.span_s = span_s
        self.seen: deque[tuple[float, float]] = deque()

    def add(self, at: float, ms: float) -> None:
        self.seen.append((at, ms))

    def forget_before(self, at: float) -> None:
        while self.seen and self.seen[0][0] < at - self.span_s:
            self.seen.popleft()

    def p95(self) -> float:
        return percentile(sorted(ms for _, ms in self.seen), 0.95)


@dataclass
class Sources:
    """Where the sampler reads what is not recorded into it (swapped for fakes in tests)."""

    users: Callable[[], int]
    load: Callable[[], float]
    cpu: Callable[[], dict[str, float | None]]  # CPU seconds so far: "server", "locust"
    clock: Callable[[], float] = time.monotonic
    wall: Callable[[], datetime] = lambda: datetime.now(UTC)


class Sampler:
    """Records requests and journeys as they finish; `sample()` writes one timeline row."""

    def __init__(self, path: Path, sources: Sources) -> None:
        self.path = path
        self.sources = sources
        self.requests = Window()
        self.scans = Window()
        self.started = self.last = sources.clock()
        self.last_cpu = sources.cpu()
        self.count = self.failed = 0  # requests since the last row
        with path.open("w", newline="") as handle:
            csv.writer(handle).writerow(COLUMNS)

    def request(self, ms: float, failed: bool) -> None:
        self.requests.add(self.sources.clock(), ms)
        self.count += 1
        self.failed += failed

    def scan(self, ms: float) -> None:
        self.scans.add(self.sources.clock(), ms)

    def sample(self) -> dict[str, Any]:
        now = self.sources.clock()
        span = max(now - self.last, 1e-9)
        for window in (self.requests, self.scans):
            window.forget_before(now)
        count, failed, self.count, self.failed = self.count, self.failed, 0, 0
        cpu = self.sources.cpu()

        def percent(name: str) -> float | str:
            before, after = self.last_cpu.get(name), cpu.get(name)
            if before is None or after is None:
                return ""  # not known (no server process of ours to read)
            return round(100 * (after - before) / span, 1)

        row = {
            "utc": self.sources.wall().strftime("%Y-%m-%dT%H:%M:%SZ"),
            "elapsed_s": round(now - self.started, 1),
            "users": self.sources.users(),
            "requests_per_s": round(count / span, 2),
            "errors_per_s": round(failed / span, 2),
            "p95_ms": round(self.requests.p95()),
            "scan_p95_ms": round(self.scans.p95()),
            "load_1m": round(self.sources.load(), 2),
            "server_cpu_percent": percent("server"),
            "locust_cpu_percent": percent("locust"),
        }
        self.last, self.last_cpu = now, cpu
        with self.path.open("a", newline="") as handle:
            csv.DictWriter(handle, fieldnames=COLUMNS).writerow(row)
        return row
