"""Profile the system while the load mix runs: py-spy on every server process at once.

    python bench/profile/run.py --mode embedded --users 20 --duration 90
    python bench/profile/run.py --mode distributed --users 40 --duration 90

Starts the target as `ecoeco bench load` does (bench/load/targets.py), warms it up,
runs Locust for `--duration` seconds, and from `--settle` seconds in samples every
server process (and its worker processes) with py-spy. Writes one collapsed-stack file
per process under `--out` and prints, per process and for all of them together, the
share of busy samples by category (bench/profile/shares.py). Record the load average
printed at the start next to the figures: shares are comparable across runs, absolute
sample counts only on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.targets import Target, start_distributed, start_embedded, warm_up  # noqa: E402
from bench.profile.shares import summarise  # noqa: E402

PY_SPY = Path(sys.executable).with_name("py-spy")


def locust(target: Target, users: int, duration: int, prefix: Path) -> subprocess.Popen[bytes]:
    """The load mix, headless, in the background."""
    env = {**os.environ, "ECOECO_LOAD_SERVICE_URLS": json.dumps(target.service_urls)}
    return subprocess.Popen(
        [
            sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "load" / "locustfile.py"),
            "--headless", "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{duration}s",
            "--host", target.host, "--csv", str(prefix), "--only-summary",
            "--stop-timeout", "20", "--loglevel", "WARNING",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def record(pid: int, seconds: int, out: Path, rate: int) -> subprocess.Popen[bytes]:
    """py-spy on one process and its children, collapsed stacks into `out`."""
    return subprocess.Popen(
        [
            str(PY_SPY), "record", "--pid", str(pid), "--subprocesses", "--nonblocking",
            "--rate", str(rate), "--duration", str(seconds), "--format", "raw",
            "--output", str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=["embedded", "distributed"], default="embedded")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=90, help="seconds of load")
    parser.add_argument("--settle", type=int, default=20, help="seconds before sampling")
    parser.add_argument("--rate", type=int, default=50, help="samples per second")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "profile")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"load average before start: {os.getloadavg()[0]:.2f}", flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="ecoeco-profile-"))
    target = start_embedded(workdir) if args.mode == "embedded" else start_distributed(workdir)
    label = f"{args.mode}-{args.users}u"
    try:
        warm_up(target)
        print(f"load average before the load: {os.getloadavg()[0]:.2f}", flush=True)
        load = locust(target, args.users, args.duration, args.out / label)
        time.sleep(args.settle)
        seconds = max(5, args.duration - args.settle - 5)
        files = {name: args.out / f"{label}-{name}.txt" for name in target.pids}
        spies = [record(pid, seconds, files[n], args.rate) for n, pid in target.pids.items()]
        for spy in spies:
            spy.wait()
        load.wait()
    finally:
        target.stop()
    for name, path in files.items():
        if path.is_file():
            print(f"\n== {name} ==")
            summarise([path], top=8)
    print("\n== all processes ==")
    summarise([p for p in files.values() if p.is_file()], top=20)


if __name__ == "__main__":
    main()
