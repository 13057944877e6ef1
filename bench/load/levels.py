"""The table of levels at the end of a run: printed, and written as a CSV beside the charts."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

COLUMNS = (
    "users",
    "started_utc",
    "load_before",
    "load_wait_s",
    "load_wait_timed_out",
    "requests_per_s",
    "scan_journeys_per_s",
    "scan_p95_ms",
    "error_ratio",
    "holds",
)


def level_row(result: dict[str, Any]) -> dict[str, Any]:
    """One level's figures under the CSV's column names."""
    wait = result.get("load_wait", {})
    seconds = result["duration_s"]
    return {
        "users": result["users"],
        "started_utc": result.get("started_utc", ""),
        "load_before": round(result["load_average_before"], 2),
        "load_wait_s": round(wait.get("waited_s", 0.0), 1),
        "load_wait_timed_out": bool(wait.get("timed_out", False)),
        "requests_per_s": round(result["requests"] / seconds, 2) if seconds else 0.0,
        "scan_journeys_per_s": round(result["scan_journeys_per_second"], 3),
        "scan_p95_ms": round(result["scan_p95_ms"]),
        "error_ratio": result["error_ratio"],
        "holds": bool(result["holds"]),
    }


def write_levels(results: list[dict[str, Any]], out: Path) -> None:
    """Write one CSV row per level."""
    with out.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for result in results:
            writer.writerow(level_row(result))


def print_levels(results: list[dict[str, Any]]) -> None:
    """The closing table; a level whose wait for a quiet machine ran out is marked."""
    print(
        f"\n{'users':>5} {'load':>5} {'req/s':>7} {'scans/s':>8} {'scan p95':>9} {'errors':>8}"
        "  holds"
    )
    for result in results:
        row = level_row(result)
        mark = "  (load wait timed out)" if row["load_wait_timed_out"] else ""
        print(
            f"{row['users']:5d} {row['load_before']:5.2f} {row['requests_per_s']:7.1f} "
            f"{row['scan_journeys_per_s']:8.2f} {row['scan_p95_ms']:7.0f}ms "
            f"{row['error_ratio']:8.3%}  {'yes' if row['holds'] else 'NO'}{mark}"
        )
