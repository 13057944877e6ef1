"""Draw a level's `<prefix>_timeline.csv` (bench/load/sampler.py) as a PNG, with Pillow.

    python bench/load/timeline.py bench/results/load/embedded-60u-120s_timeline.csv [out.png]

Five panels over the level's seconds: users; requests and errors per second; p95 of
requests and of completed scan journeys over the last 10 s; the 1-minute load
average; the CPU of the server processes and of Locust (percent of one core).
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

from PIL import Image, ImageDraw

from bench.load.chart import HEIGHT, MARGIN, TOP, WIDTH, Series, panel

PANELS = (
    ("users", ("users",)),
    ("requests and errors per second", ("requests_per_s", "errors_per_s")),
    ("p95 over the last 10 s (ms)", ("p95_ms", "scan_p95_ms")),
    ("1-minute load average", ("load_1m",)),
    ("CPU (% of one core)", ("server_cpu_percent", "locust_cpu_percent")),
)


def read_timeline(path: Path) -> Series:
    """Each column as (elapsed seconds, value); empty cells (unknown) left out."""
    series: Series = defaultdict(list)
    with path.open() as handle:
        for row in csv.DictReader(handle):
            at = float(row["elapsed_s"])
            for _, columns in PANELS:
                for column in columns:
                    if row.get(column):
                        series[column].append((at, float(row[column])))
    return series


def draw_timeline(path: Path, out: Path, title: str) -> None:
    """Write the PNG of one level's timeline."""
    series = read_timeline(path)
    span = max((t for points in series.values() for t, _ in points), default=0.0)
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 10), title, fill="black")
    gap = 40
    height = (HEIGHT - TOP - 30 - len(PANELS) * gap) // len(PANELS)
    for number, (name, columns) in enumerate(PANELS):
        top = TOP + 30 + number * (height + gap)
        panel(draw, top, height, name, [(c, series.get(c, [])) for c in columns], span)
    draw.text((WIDTH - 120, HEIGHT - 22), f"{span:.0f} s", fill="black")
    image.save(out)


if __name__ == "__main__":
    source = Path(sys.argv[1])
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else source.with_suffix(".png")
    draw_timeline(source, target, source.stem)
    print(target)
