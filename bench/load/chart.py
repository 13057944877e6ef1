"""Draw throughput and latency over time from Locust's stats history, with Pillow only."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

WIDTH, HEIGHT, MARGIN, TOP = 1000, 760, 70, 40
COLOURS = ("navy", "darkorange", "firebrick", "seagreen")
Series = dict[str, list[tuple[float, float]]]


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "", "N/A") else None
    except ValueError:
        return None


def read_history(history: Path, journey: str) -> Series:
    """Time series (seconds since start, value) of the figures the chart shows."""
    series: Series = defaultdict(list)
    start: float | None = None
    with history.open() as handle:
        for row in csv.DictReader(handle):
            at = _number(row.get("Timestamp"))
            if at is None:
                continue
            start = at if start is None else start
            t = at - start
            if row.get("Name") == "Aggregated":
                for key, column in (
                    ("requests/s", "Requests/s"),
                    ("failures/s", "Failures/s"),
                    ("p50 all", "50%"),
                    ("p95 all", "95%"),
                    ("users", "User Count"),
                ):
                    value = _number(row.get(column))
                    if value is not None:
                        series[key].append((t, value))
            elif row.get("Name") == journey:
                for key, column in (("scan journeys/s", "Requests/s"), ("p95 scan", "95%")):
                    value = _number(row.get(column))
                    if value is not None:
                        series[key].append((t, value))
    return series


def panel(
    draw: ImageDraw.ImageDraw,
    top: int,
    height: int,
    title: str,
    lines: list[tuple[str, list[tuple[float, float]]]],
    span: float,
) -> None:
    left, right, bottom = MARGIN, WIDTH - 30, top + height
    draw.rectangle([left, top, right, bottom], outline="black")
    draw.text((left, top - 16), title, fill="black")
    peak = max((v for _, points in lines for _, v in points), default=0.0) or 1.0
    draw.text((left - 60, top - 4), f"{peak:,.1f}", fill="black")
    draw.text((left - 20, bottom - 10), "0", fill="black")
    x = left + 260
    for (label, points), colour in zip(lines, COLOURS, strict=False):
        draw.line([(x, top - 10), (x + 18, top - 10)], fill=colour, width=3)
        draw.text((x + 24, top - 16), label, fill=colour)
        x += 150
        if len(points) < 2:
            continue
        scaled = [
            (left + t / (span or 1) * (right - left), bottom - v / peak * (bottom - top))
            for t, v in points
        ]
        draw.line(scaled, fill=colour, width=2)


def draw_chart(history: Path, out: Path, title: str, journey: str) -> None:
    """Write a PNG: requests/s and failures/s, scan journeys/s, and latency (ms) over the run."""
    series = read_history(history, journey)
    span = max((t for points in series.values() for t, _ in points), default=0.0)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 10), title, fill="black")
    height = (HEIGHT - TOP - 3 * 50) // 3
    panels = [
        ("throughput (requests/s)", ["requests/s", "failures/s"]),
        ("scan journeys completed per second", ["scan journeys/s"]),
        ("latency (ms)", ["p50 all", "p95 all", "p95 scan"]),
    ]
    for number, (name, keys) in enumerate(panels):
        top = TOP + 30 + number * (height + 50)
        panel(draw, top, height, name, [(key, series.get(key, [])) for key in keys], span)
    draw.text((WIDTH - 120, HEIGHT - 22), f"{span:.0f} s", fill="black")
    image.save(out)


def draw_knee(results: list[dict[str, Any]], out: Path, title: str) -> None:
    """Write a PNG of how the system answers as users grow: served and refused requests
    per second, scan journeys per second, scan p95, and the error ratio (the knee)."""
    levels = sorted(results, key=lambda r: r["users"])
    span = float(levels[-1]["users"]) if levels else 0.0

    def points(value: Callable[[dict[str, Any]], float]) -> list[tuple[float, float]]:
        return [(float(r["users"]), value(r)) for r in levels]

    def per_second(count: float, r: dict[str, Any]) -> float:
        return count / r["duration_s"] if r["duration_s"] else 0.0

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 10), title, fill="black")
    height = (HEIGHT - TOP - 4 * 45) // 4
    panels = [
        (
            "requests/s (refused: 429/503 + Retry-After)",
            [
                ("served", points(lambda r: per_second(r["requests"] - r["failures_total"], r))),
                ("refused", points(lambda r: per_second(r["failures_intended"], r))),
                (
                    "failed",
                    points(lambda r: per_second(r["failures_total"] - r["failures_intended"], r)),
                ),
            ],
        ),
        (
            "scan journeys completed per second",
            [("scans/s", points(lambda r: r["scan_journeys_per_second"]))],
        ),
        ("scan journey p95 (ms)", [("p95 scan", points(lambda r: r["scan_p95_ms"]))]),
        ("HTTP error ratio (%)", [("errors", points(lambda r: 100 * r["error_ratio"]))]),
    ]
    for number, (name, lines) in enumerate(panels):
        top = TOP + 30 + number * (height + 45)
        panel(draw, top, height, name, lines, span)
    draw.text((WIDTH - 160, HEIGHT - 22), f"users (up to {span:.0f})", fill="black")
    image.save(out)
