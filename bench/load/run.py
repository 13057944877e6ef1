"""Run the load mix against an embedded server, the distributed stack, or a given host.

    python bench/load/run.py --users 20 --duration 60 [--mode embedded|distributed] [--host URL]

Prints per-journey throughput, p50/p95/p99, error ratio and the scan completion ratio,
the raw classifier inference rate measured in the same run (and the ratio of completed
scan journeys to it), and writes a CSV, a JSON summary and a PNG chart.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.chart import draw_chart, draw_knee  # noqa: E402
from bench.load.cpu import cpu_seconds  # noqa: E402
from bench.load.journeys import (  # noqa: E402
    SCAN_JOURNEY,
    SCAN_REFUSED,
    print_journeys,
    read_journeys,
)
from bench.load.levels import print_levels, write_levels  # noqa: E402
from bench.load.settle import Settled, wait_for_quiet  # noqa: E402
from bench.load.targets import (  # noqa: E402
    Target,
    postgres_sessions,
    start_distributed,
    start_embedded,
    warm_up,
)
from bench.load.timeline import draw_timeline  # noqa: E402

MAX_ERROR_RATIO = 0.001
MAX_SCAN_P95_MS = 2000.0


def raw_inference_rate(seconds: float = 5.0) -> float:
    """Classifier inferences per second on this machine, alone, right now (one image at a time)."""
    import numpy as np
    from skimage import data

    from ecoeco.workers.ai.adapters.factory import build_classifier
    from ecoeco.workers.ai.settings import AiSettings

    classifier = build_classifier(AiSettings())
    image = np.asarray(data.coffee(), dtype=np.uint8)  # type: ignore[no-untyped-call]
    classifier.classify(image)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        classifier.classify(image)
        count += 1
    return count / (time.perf_counter() - started)


def server_counters(target: Target) -> dict[str, float]:
    """Scans by final status and model inferences, summed over every process's /metrics."""
    from prometheus_client.parser import text_string_to_metric_families

    wanted = ("ecoeco_scans_total", "ecoeco_model_inference_seconds_count")
    totals: dict[str, float] = {}
    for url in target.metrics_urls.values():
        try:
            text = httpx.get(url, timeout=10).text
        except httpx.HTTPError:
            continue
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name in wanted:
                    key = sample.name + "".join(f"|{v}" for v in sample.labels.values())
                    totals[key] = totals.get(key, 0.0) + sample.value
    return totals


def _ms(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def summarise(stats: Path, inference_rate: float, duration: float) -> dict[str, Any]:
    """Print the per-journey table and the bar's figures; return them."""
    with stats.open() as handle:
        rows = list(csv.DictReader(handle))
    journeys: list[dict[str, Any]] = []
    header = ("journey", "count", "req/s", "p50", "p95", "p99", "errors")
    print("\n{:38} {:>7} {:>7} {:>6} {:>6} {:>6} {:>8}".format(*header))
    requests = failures = 0
    scan: dict[str, Any] = {}
    refused: dict[str, Any] = {}
    for row in rows:
        count, failed = int(row["Request Count"]), int(row["Failure Count"])
        entry = {
            "name": row["Name"],
            "type": row["Type"],
            "count": count,
            "failures": failed,
            "per_second": count / duration,
            "p50_ms": _ms(row["50%"]),
            "p95_ms": _ms(row["95%"]),
            "p99_ms": _ms(row["99%"]),
            "error_ratio": failed / count if count else 0.0,
        }
        label = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{label[:38]:38} {count:7d} {entry['per_second']:7.2f} {row['50%']:>6} "
            f"{row['95%']:>6} {row['99%']:>6} {entry['error_ratio']:8.3%}"
        )
        journeys.append(entry)
        if row["Name"] == SCAN_JOURNEY:
            scan = entry
        elif row["Name"] == SCAN_REFUSED:
            refused = entry
        elif row["Type"] not in ("JOURNEY", "") and row["Name"] != "Aggregated":
            requests, failures = requests + count, failures + failed
    error_ratio = failures / requests if requests else 1.0
    completed = scan.get("count", 0) - scan.get("failures", 0)
    completion = completed / scan["count"] if scan.get("count") else 0.0
    scan_rate = completed / duration
    ratio = scan_rate / inference_rate if inference_rate else 0.0
    holds = error_ratio < MAX_ERROR_RATIO and 0 < scan.get("p95_ms", 0.0) < MAX_SCAN_P95_MS
    print(f"\nHTTP error ratio: {error_ratio:.4%} over {requests} requests")
    print(f"scan completion ratio: {completion:.2%} ({completed} of {scan.get('count', 0)})")
    print(f"scan journey p95: {scan.get('p95_ms', 0):.0f} ms (refused scans not in it)")
    print(f"scans refused with Retry-After: {refused.get('count', 0)}")
    print(f"raw classifier: {inference_rate:.1f} inferences/s alone (same run)")
    print(f"scan journeys completed/s ÷ raw inferences/s = {scan_rate:.2f} ÷ {inference_rate:.1f}")
    print(f"  = {ratio:.3f}")
    print(f"holds (errors < 0.1% and scan p95 < 2 s): {'yes' if holds else 'NO'}")
    return {
        "journeys": journeys,
        "requests": requests,
        "error_ratio": error_ratio,
        "scan_completion_ratio": completion,
        "scan_journeys_per_second": scan_rate,
        "scan_p95_ms": scan.get("p95_ms", 0.0),
        "scans_refused": refused.get("count", 0),
        "raw_inferences_per_second": inference_rate,
        "scan_to_inference_ratio": ratio,
        "holds": holds,
    }


def is_intended(error: str) -> bool:
    """A 429, or a 503 that says when to retry."""
    return error.startswith("429") or (error.startswith("503") and "Retry-After" in error)


def failures(errors: Path) -> dict[str, Any]:
    """Print every failure by journey and cause; count those that are intended refusals.

    Intended: 429 (a rate limit) and 503 with Retry-After (load shed or a dependency
    briefly away), both telling the client when to come back. Anything else is a bug.
    """
    rows: list[dict[str, Any]] = json.loads(errors.read_text()) if errors.is_file() else []
    intended = sum(r["count"] for r in rows if is_intended(r["error"]))
    total = sum(r["count"] for r in rows)
    if rows:
        print(f"\nfailures ({total}, of which {intended} intended 429/503 + Retry-After):")
        for r in rows[:25]:
            print(f"  {r['count']:6d}  {r['name'][:30]:30}  {r['error']}")
    return {"failures": rows, "failures_total": total, "failures_intended": intended}


def run_locust(target: Target, users: int, duration: int, prefix: Path) -> None:
    """Locust headless for `duration` seconds, with CSV and the full stats history."""
    env = {
        **os.environ,
        "ECOECO_LOAD_SERVICE_URLS": json.dumps(target.service_urls),
        "ECOECO_LOAD_SERVER_PIDS": json.dumps(target.pids),
    }
    subprocess.run(
        [
            sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load" / "locustfile.py"),
            "--headless", "-u", str(users), "-r", str(max(1, users // 5)),
            "-t", f"{duration}s", "--host", target.host, "--csv", str(prefix),
            "--csv-full-history", "--only-summary", "--stop-timeout", "30",
            "--loglevel", "WARNING",
        ],
        env=env,
        check=False,
    )  # fmt: skip


def measured_seconds(history: Path, asked: float) -> float:
    """How long users actually ran, from the stats history (Locust may stop early)."""
    stamps = []
    with history.open() as handle:
        for row in csv.DictReader(handle):
            if row.get("Name") == "Aggregated" and _ms(row.get("User Count", "0")) > 0:
                stamps.append(_ms(row["Timestamp"]))
    if len(stamps) < 2:
        return asked
    measured = max(stamps) - min(stamps) + 1
    if abs(measured - asked) > max(3.0, 0.05 * asked):
        print(f"note: the users ran {measured:.0f} s, not the {asked:.0f} s asked; rates use it")
    return measured


def cpu_per_work(
    before: dict[str, float], after: dict[str, float], requests: int, scans: int
) -> dict[str, Any]:
    """Server CPU seconds used during the run, per process, per request and per scan journey."""
    used = {name: after[name] - before.get(name, 0.0) for name in after}
    total = sum(used.values())
    print(f"\nserver CPU during the run: {total:.1f} s", end="")
    if requests:
        print(f", {total / requests * 1000:.1f} ms per HTTP request", end="")
    if scans:
        print(f", {total / scans * 1000:.0f} ms per scan journey", end="")
    print()
    for name, seconds in sorted(used.items(), key=lambda item: -item[1]):
        print(f"  {name:10} {seconds:7.1f} s")
    return {"server_cpu_seconds": used, "server_cpu_total_seconds": total}


def churn(before: tuple[int, int], after: tuple[int, int]) -> dict[str, int]:
    """Sessions opened during the load, how many backends were open before and after,
    and so how many were closed again (reconnect churn, not pool growth)."""
    opened = after[0] - before[0]
    return {
        "sessions_opened": opened,
        "backends_before": before[1],
        "backends_after": after[1],
        "closed_again": opened - (after[1] - before[1]),
    }


def run_level(
    target: Target,
    mode: str,
    users: int,
    duration: int,
    out: Path,
    settle: Callable[[], Settled],
) -> dict[str, Any]:
    """One Locust run at one user count; the summary, CSVs and chart under `out`.

    `settle` waits for a quiet machine first and tells the load the level starts at.
    """
    prefix = out / f"{mode}-{users}u-{duration}s"
    settled = settle()
    started = time.strftime("%H:%M:%S", time.gmtime())
    print(f"\n{users} users from {started} UTC, {settled.describe()}", flush=True)
    # The raw rate is measured in the same run, just before and just after the load; the
    # higher one (the machine at its least disturbed) is the baseline for the ratio.
    rate_before = raw_inference_rate()
    before = server_counters(target)
    cpu_before = cpu_seconds(target.pids)
    sessions_before = postgres_sessions(target)
    run_locust(target, users, duration, prefix)
    sessions_after = postgres_sessions(target)
    cpu_after = cpu_seconds(target.pids)
    after = server_counters(target)
    rate_after = raw_inference_rate()
    print(f"raw classifier: {rate_before:.1f}/s before the load, {rate_after:.1f}/s after")
    rate = max(rate_before, rate_after)
    ran = measured_seconds(Path(f"{prefix}_stats_history.csv"), duration)
    summary = summarise(Path(f"{prefix}_stats.csv"), rate, ran)
    summary.update(failures(Path(f"{prefix}_errors.json")))
    summary["journeys_by_outcome"] = read_journeys(Path(f"{prefix}_journeys.json"))
    print_journeys(summary["journeys_by_outcome"])
    completed = round(summary["scan_journeys_per_second"] * ran)
    summary.update(cpu_per_work(cpu_before, cpu_after, summary["requests"], completed))
    summary["raw_inferences_per_second_before_after"] = [rate_before, rate_after]
    summary["server"] = {k: after[k] - before.get(k, 0.0) for k in sorted(after)}
    print(f"server-side during the run: {summary['server']}")
    if sessions_before and sessions_after:
        summary["postgres"] = churn(sessions_before, sessions_after)
        print(f"PostgreSQL during the run: {summary['postgres']}")
    summary.update(mode=mode, users=users, duration_s=ran, duration_asked_s=duration)
    summary["load_average_before"] = settled.load
    summary["load_wait"] = {
        "below": settled.below,
        "waited_s": settled.waited_s,
        "timed_out": settled.timed_out,
    }
    summary["started_utc"] = started
    print(f"\nthis level started at {settled.describe()}")
    Path(f"{prefix}_summary.json").write_text(json.dumps(summary, indent=2))
    title = f"{mode}, {users} users, {duration} s"
    draw_chart(Path(f"{prefix}_stats_history.csv"), Path(f"{prefix}.png"), title, SCAN_JOURNEY)
    timeline = Path(f"{prefix}_timeline.csv")
    if timeline.is_file():
        draw_timeline(timeline, Path(f"{prefix}_timeline.png"), f"{title}: every second")
        print(f"timeline: {timeline} and {prefix}_timeline.png")
    print(f"\nCSV: {prefix}_stats.csv  history: {prefix}_stats_history.csv")
    print(f"summary: {prefix}_summary.json  chart: {prefix}.png", flush=True)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--users", default="20", help="virtual users; a comma list probes each on one target"
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--host", help="an already running server (embedded layout)")
    parser.add_argument("--mode", choices=["embedded", "distributed"], default="embedded")
    parser.add_argument("--metrics", help="with --host: its metrics page URL")
    parser.add_argument(
        "--no-gateway",
        action="store_true",
        help="distributed: send each request straight to its process, not through nginx",
    )
    parser.add_argument(
        "--load-below",
        type=float,
        default=1.0,
        help="before each level, wait for the 1-minute load average to fall below this",
    )
    parser.add_argument(
        "--load-wait",
        type=float,
        default=240.0,
        help="seconds to wait for it at most; the level then runs anyway, marked",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load")
    args = parser.parse_args()
    levels = [int(part) for part in str(args.users).split(",") if part.strip()]
    args.out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="ecoeco-load-"))
    if args.host:
        target = Target(
            host=args.host, metrics_urls={"host": args.metrics or f"{args.host}/metrics"}
        )
    elif args.mode == "embedded":
        target = start_embedded(workdir)
    else:
        target = start_distributed(workdir, gateway=not args.no_gateway)
    print(f"target up; logs in {workdir}", flush=True)
    try:
        warm_up(target)

        def settle() -> Settled:
            return wait_for_quiet(args.load_below, args.load_wait)

        results = [run_level(target, args.mode, n, args.duration, args.out, settle) for n in levels]
    finally:
        target.stop()
    if len(results) > 1:
        knee = args.out / f"{args.mode}-knee-{args.duration}s.png"
        draw_knee(
            results,
            knee,
            f"{args.mode}: users against what the system does ({args.duration} s each)",
        )
        print(f"knee chart: {knee}")
    table = args.out / f"{args.mode}-levels-{args.duration}s.csv"
    write_levels(results, table)
    print_levels(results)
    print(f"levels: {table}")


if __name__ == "__main__":
    main()
