"""`bench/scan/end_to_end.py` runs a short embedded level with each of its three clients,
and its distributed mode in two processes against the real servers.

One client, one second: enough to see that every client drives real scans through the
whole app to `event: done` and that the run says which client it used and the raw rate
before and after; no figure here is compared with a speed. (A scan whose stream does not
end with `event: done` raises in the bench, and the run fails.)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import need

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


def test_the_distributed_mode_runs_in_two_processes_sharing_the_servers() -> None:
    need("postgres", "redis", "rabbitmq")
    command = [
        sys.executable, str(BENCH), "--modes", "distributed", "--levels", "2",
        "--seconds", "1", "--client", "asgi", "--processes", "2",
    ]  # fmt: skip
    ran = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    printed = ran.stdout
    assert "distributed  2 processes, each the whole app" in printed
    level = re.search(r"distributed +client=asgi +clients=2 +scans=(\d+) ", printed)
    assert level is not None, printed
    shares = re.findall(r"process (\d)/2: clients=1 +scans=(\d+) ", printed)
    assert [process for process, _ in shares] == ["1", "2"], printed
    assert all(int(scans) >= 1 for _, scans in shares), printed
    assert sum(int(scans) for _, scans in shares) == int(level.group(1))
    assert "summary distributed  client=asgi  clients=2 " in printed
