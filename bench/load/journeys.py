"""Journey times by outcome: a scan that ends `done` and one refused at the door are
different things, and one percentile over both describes neither.

The locustfile records every journey's time under its outcome and writes
`<prefix>_journeys.json` at the end; the runner reads it into the level's summary.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path
from typing import Any

SCAN_JOURNEY = "scan journey (upload → SSE final)"
SCAN_REFUSED = "scan refused (503/429 + Retry-After)"


def percentile(ordered: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list (0 when empty)."""
    if not ordered:
        return 0.0
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


class JourneyTimes:
    """Milliseconds per (journey, outcome)."""

    def __init__(self) -> None:
        self.times: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))

    def record(self, journey: str, outcome: str, ms: float) -> None:
        self.times[journey][outcome].append(ms)

    def summary(self) -> dict[str, dict[str, dict[str, float]]]:
        """{journey: {outcome: {count, p50_ms, p95_ms, p99_ms, max_ms}}}."""
        result: dict[str, dict[str, dict[str, float]]] = {}
        for journey, outcomes in sorted(self.times.items()):
            result[journey] = {}
            for outcome, times in sorted(outcomes.items()):
                ordered = sorted(times)
                result[journey][outcome] = {
                    "count": len(ordered),
                    "p50_ms": percentile(ordered, 0.50),
                    "p95_ms": percentile(ordered, 0.95),
                    "p99_ms": percentile(ordered, 0.99),
                    "max_ms": ordered[-1],
                }
        return result

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.summary(), ensure_ascii=False, indent=2))


def read_journeys(path: Path) -> dict[str, Any]:
    """The by-outcome figures a level wrote (empty when Locust wrote none)."""
    return json.loads(path.read_text()) if path.is_file() else {}


def print_journeys(journeys: dict[str, Any]) -> None:
    """One line per journey and outcome."""
    if not journeys:
        return
    print(f"\n{'journey: outcome':56} {'count':>7} {'p50':>7} {'p95':>7} {'p99':>7}")
    for journey, outcomes in journeys.items():
        for outcome, figures in outcomes.items():
            print(
                f"{journey + ': ' + outcome:56} {figures['count']:7d} {figures['p50_ms']:7.0f} "
                f"{figures['p95_ms']:7.0f} {figures['p99_ms']:7.0f}"
            )
