"""The scan-only bench's CPU per scan by process, and the bench process's by thread.

    .venv/bin/python bench/profile/scan_by_process.py [--modes distributed] [--levels 32]

Runs `bench/scan/end_to_end.py` unchanged (same arguments), and around each of its
levels reads the CPU time of every process on the machine from /proc: the bench's own
process thread by thread (the event loop's, the CPU pool's, the threads Python did not
start: onnxruntime's), PostgreSQL's backends together, RabbitMQ's, Redis's, anyone
else's, and the kernel's time charged to no process (softirqs: loopback TCP). Printed in
milliseconds per scan just before the bench's own line for that level. Meaningful only
on a quiet machine. (With `--client http` the clients run in processes of their own:
they count under "other processes". With `--processes N`, the N processes the bench
spawns count together, under the bench; their loop threads are in the bench's lines.)

`--py-spy DIR` also samples the bench's process with py-spy (100 Hz, `--threads`, raw
collapsed stacks) for the length of each level: DIR/level-<clients>.txt, for
`bench/profile/shares.py` or a by-thread count. With `--gil`, only the thread holding
the interpreter lock is sampled (a thread in a system call or waiting for a core is not).
"""

from __future__ import annotations

import argparse
import functools
import inspect
import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "scan"))

import end_to_end  # noqa: E402

from bench.scan import processes  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
CHILDREN = "bench: its spawned processes (app + clients)"
SERVERS = {
    "postgres": "PostgreSQL",
    "beam.smp": "RabbitMQ",
    "erl_child_setup": "RabbitMQ",
    "inet_gethost": "RabbitMQ",
    "epmd": "RabbitMQ",
    "redis-server": "Redis",
}


def _ticks(stat: str) -> tuple[str, int, int, int]:
    """(comm, utime, stime, parent's pid) of one /proc stat line."""
    head, tail = stat.rsplit(")", 1)
    fields = tail.split()
    return head.split("(", 1)[1], int(fields[11]), int(fields[12]), int(fields[1])


def _threads() -> dict[int, str]:
    """This process's Python threads by native id: what each one is for."""
    names = {}
    for thread in threading.enumerate():
        if thread.native_id is None:
            continue
        if thread is threading.main_thread():
            names[thread.native_id] = "bench: event loop thread"
        elif thread.name.startswith("ecoeco-cpu"):
            names[thread.native_id] = "bench: CPU pool (decode, inference, ...)"
        else:
            names[thread.native_id] = "bench: other Python threads"
    return names


def snapshot() -> Counter[str]:
    """CPU ticks so far: per group of processes, per thread of this one, the machine's."""
    used: Counter[str] = Counter()
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            comm, user, system, parent = _ticks((entry / "stat").read_text())
        except (OSError, IndexError, ValueError):
            continue  # gone meanwhile
        if parent == me:  # `--processes N`: the bench's own, each the app and its clients
            used[CHILDREN] += user + system
            used[f"{CHILDREN}, in the kernel"] += system
            continue
        used[SERVERS.get(comm, "other processes")] += user + system
    names = _threads()
    for task in Path(f"/proc/{me}/task").iterdir():
        try:
            _, user, system, _ = _ticks((task / "stat").read_text())
        except (OSError, IndexError, ValueError):
            continue
        name = names.get(int(task.name), "bench: native threads (onnxruntime)")
        used[name] += user + system
        used[f"{name}, in the kernel"] += system
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    used["machine"] = user + nice + system + irq + softirq + steal
    used["softirq + irq"] = irq + softirq
    return used


def report(before: Counter[str], after: Counter[str], scans: int) -> None:
    """Milliseconds per scan of each group, largest first."""
    delta = {key: after[key] - before[key] for key in after}
    per = {key: ticks * 1000 / TICK / max(scans, 1) for key, ticks in delta.items()}
    machine = per.pop("machine")
    softirq = per.pop("softirq + irq")
    kernel = {key: per.pop(key) for key in list(per) if key.endswith(", in the kernel")}
    charged = sum(per.values())
    bench = sum(v for k, v in per.items() if k.startswith("bench"))
    print(f"  by process, ms CPU per scan ({scans} scans); machine {machine:.1f}")
    print(f"    bench process (the app and its clients)      {bench:6.2f}")
    ranked = sorted(per.items(), key=lambda kv: (not kv[0].startswith("bench"), -kv[1]))
    for key, value in ranked:
        label = f"  {key}" if key.startswith("bench") else key
        system = kernel.get(f"{key}, in the kernel")
        of_which = f"  (system calls {system:.2f})" if system else ""
        print(f"    {label:<46} {value:6.2f}{of_which}")
    print(f"    kernel, charged to no process                {machine - charged:6.2f}")
    print(f"    (softirq + irq time, charged or not          {softirq:6.2f})")


def py_spy(out: Path, seconds: float, gil: bool) -> subprocess.Popen[bytes]:
    """py-spy on this process for `seconds`, collapsed stacks by thread into `out`."""
    return subprocess.Popen(
        [
            str(Path(sys.executable).with_name("py-spy")), "record", "--pid", str(os.getpid()),
            "--threads", *(["--gil"] if gil else []), "--rate", "100",
            "--duration", str(max(1, round(seconds))), "--format", "raw", "--output", str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def measured(level: Callable[..., Any], spy: Path | None, gil: bool) -> Callable[..., Any]:
    """`level` with the machine's CPU read before and after it (and py-spy meanwhile)."""

    @functools.wraps(level)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        given = inspect.signature(level).bind(*args, **kwargs).arguments
        clients = given["count"] if "count" in given else given["clients"]  # how many
        sampler = py_spy(spy / f"level-{clients}.txt", given["seconds"], gil) if spy else None
        before = snapshot()
        got = await level(*args, **kwargs)
        report(before, snapshot(), got.count)
        if sampler is not None:
            sampler.wait()
        return got

    return wrapper


def watch() -> Callable[[int], None]:
    """`--processes N`: the CPU by process from a level's start to its end."""
    before = snapshot()
    return lambda scans: report(before, snapshot(), scans)


def main() -> None:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--py-spy", type=Path, default=None)
    parser.add_argument("--gil", action="store_true")
    ours, rest = parser.parse_known_args()
    if ours.py_spy is not None:
        ours.py_spy.mkdir(parents=True, exist_ok=True)
    sys.argv[1:] = rest  # the bench's own arguments
    end_to_end.level = measured(end_to_end.level, ours.py_spy, ours.gil)
    processes.watch = watch
    end_to_end.main()


if __name__ == "__main__":
    main()
