"""How much memory a request costs a real process: its peak RSS rise, from /proc."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import httpx

MB = 1024 * 1024


def status(pid: int, field: str) -> int:
    """A /proc/<pid>/status memory figure, in bytes."""
    text = Path(f"/proc/{pid}/status").read_text()
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    assert found is not None, field
    return int(found.group(1)) * 1024


def peak_raise(pid: int, send: Callable[[], httpx.Response]) -> tuple[httpx.Response, int]:
    """Answer to `send()`, and how far the process's peak RSS rose above its RSS before."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the high-water mark
    before = status(pid, "VmRSS")
    response = send()
    time.sleep(0.2)
    return response, status(pid, "VmHWM") - before
