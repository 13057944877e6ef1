"""The scan-only bench's `http` clients: a process of its own, speaking HTTP to the app.

Started by `end_to_end.py --client http` (through `clients.HttpClients`), never by hand:

    BENCH_SCAN_AUTH='{"Authorization": ...}' python bench/scan/http_clients.py URL IMAGE_KEY

Reads one JSON command a line on stdin, `{"clients": n, "seconds": s}` (n = 0: one
scan), runs it with the in-process `httpx` client's requests and checks (over HTTP
here), and answers one JSON line: each scan's latency, the level's length and this
process's CPU seconds during it. Ends when stdin closes. Does not import the app: its
CPU is the clients' alone.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.scan.clients import AUTH_VARIABLE, HttpxClients, LevelRun  # noqa: E402


async def level(clients: HttpxClients, count: int, seconds: float) -> dict[str, object]:
    """`count` concurrent loops for `seconds` (or one scan when `count` is 0)."""
    cpu = time.process_time()
    if count == 0:
        ran = LevelRun([await clients.scan()], 0.0)
    else:
        ran = await clients.level(count, seconds)
    cpu_s = time.process_time() - cpu
    return {"latencies": ran.latencies, "elapsed": ran.elapsed, "cpu": cpu_s}


async def serve(url: str, auth: dict[str, str], key: str) -> None:
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:
        clients = HttpxClients(client, auth, key)  # the in-process client's requests and checks
        while True:
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                return
            command = json.loads(line)
            try:
                answer = await level(clients, command["clients"], command["seconds"])
            except Exception as error:  # reported to the bench, which fails the run
                answer = {"error": f"{type(error).__name__}: {error}"}
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()


def main() -> None:
    url, key = sys.argv[1], sys.argv[2]
    auth = json.loads(os.environ[AUTH_VARIABLE])  # not in argv, where `ps` shows it
    asyncio.run(serve(url, auth, key))


if __name__ == "__main__":
    main()
