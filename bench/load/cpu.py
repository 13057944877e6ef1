"""CPU time of processes and their children, from /proc (Linux)."""

from __future__ import annotations

import os
from pathlib import Path


def cpu_seconds(pids: dict[str, int]) -> dict[str, float]:
    """CPU time (user + system) each server process and its worker processes used so far."""
    tick = os.sysconf("SC_CLK_TCK")

    def of(pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        used = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        children = Path(f"/proc/{pid}/task/{pid}/children")
        kids = children.read_text().split() if children.is_file() else []
        return used + sum(of(int(kid)) for kid in kids)

    return {name: of(pid) for name, pid in pids.items()}
