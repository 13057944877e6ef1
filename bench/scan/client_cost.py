"""The scan bench's in-process clients alone: CPU per scan against a stand-in app.

`end_to_end.py` runs its clients on the app's event loop thread, so their work counts in
the loop thread's milliseconds per scan. Here the app is a stand-in that answers the
scan's two requests at once with bodies of the real sizes (a 202 with the job's URLs; a
stream of a retry line, four stage events and a final event with a 2.5 KB result), so
nearly all the CPU measured is the client's: `httpx` (httpx over ASGITransport, the
default) against `asgi` (the lean driver), alternated, one caller, in this run.

    .venv/bin/python bench/scan/client_cost.py [--scans 2000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.scan.clients import BASE_URL, AsgiClients, Clients, HttpxClients  # noqa: E402

AUTH = {"Authorization": "Bearer " + "x" * 300}  # about a real token's length
ACCEPTED = json.dumps(
    {
        "id": "0" * 26,
        "status": "queued",
        "events_url": f"/api/v1/scan/{'0' * 26}/events",
        "result_url": f"/api/v1/scan/{'0' * 26}",
    }
).encode()
STAGES = [f'id: 1-{n}\nevent: progress\ndata: {{"stage": {n}}}\n\n'.encode() for n in range(4)]
FINAL = b"id: 1-4\nevent: done\ndata: " + json.dumps({"result": "r" * 2500}).encode() + b"\n\n"


async def stand_in(
    scope: MutableMapping[str, Any],
    receive: Callable[[], Awaitable[MutableMapping[str, Any]]],
    send: Callable[[MutableMapping[str, Any]], Awaitable[None]],
) -> None:
    """Answers a scan's POST and its stream's GET, reading the request as an app does."""
    while (await receive()).get("more_body", False):
        pass
    if scope["method"] == "POST":
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 202, "headers": headers})
        await send({"type": "http.response.body", "body": ACCEPTED})
        return
    headers = [(b"content-type", b"text/event-stream")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    for piece in (b"retry: 1000\n\n", *STAGES, FINAL):
        await send({"type": "http.response.body", "body": piece, "more_body": True})
    await send({"type": "http.response.body", "body": b"", "more_body": False})


async def cpu_per_scan(clients: Clients, scans: int) -> float:
    """This thread's CPU microseconds per scan, one scan after another."""
    for _ in range(50):
        await clients.scan()
    started = time.thread_time()
    for _ in range(scans):
        await clients.scan()
    return (time.thread_time() - started) * 1e6 / scans


async def run(scans: int, rounds: int) -> None:
    transport = httpx.ASGITransport(app=stand_in)
    limits = httpx.Limits(max_connections=None)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, limits=limits) as http:
        default: Clients = HttpxClients(http, AUTH, "uploads/u/coffee.jpg")
        lean: Clients = AsgiClients(stand_in, AUTH, "uploads/u/coffee.jpg")
        print(f"{'round':>5} {'httpx µs/scan':>14} {'asgi µs/scan':>13} {'asgi / httpx':>13}")
        for number in range(1, rounds + 1):
            baseline = await cpu_per_scan(default, scans)
            driver = await cpu_per_scan(lean, scans)
            print(f"{number:>5} {baseline:14.0f} {driver:13.0f} {driver / baseline:13.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(run(args.scans, args.rounds))


if __name__ == "__main__":
    main()
