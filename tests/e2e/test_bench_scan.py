"""`bench/scan/end_to_end.py` runs a short embedded level with each of its three clients.

One client, one second: enough to see that every client drives real scans through the
whole app to `event: done` and that the run says which client it used and the raw rate
before and after; no figure here is compared with a speed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "scan" / "end_to_end.py"

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("client", ["httpx", "asgi", "http"])
def test_the_scan_bench_runs_with_each_client(client: str) -> None:
    command = [
        sys.executable, str(BENCH), "--modes", "embedded", "--levels", "1",
        "--seconds", "1", "--client", client,
    ]  # fmt: skip
    ran = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    printed = ran.stdout
    assert printed.startswith(f"client: {client}: ")
    assert "raw inference (baseline, before the levels): " in printed
    assert "raw inference (after the levels): " in printed
    level = re.search(rf"embedded +client={client} +clients=1 +scans=(\d+) ", printed)
    assert level is not None, printed
    assert int(level.group(1)) >= 1
    assert re.search(r"gc a 100 scans \d+/\d+/\d+ \(gen 0/1/2\)", printed), printed
    summary = re.search(r"summary embedded .* to raw before \(.+\) .*, after \(.+\) ", printed)
    assert summary is not None, printed
    if client == "http":
        assert "served by uvicorn at http://127.0.0.1:" in printed
        assert "clients' process" in printed
    else:
        assert "served by uvicorn" not in printed
