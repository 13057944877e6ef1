"""The ai worker killed under load, and SSE clients that drop mid-scan: nothing lost or doubled."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.chaos import control
from tests.chaos.load import Load, VirtualUser, login
from tests.servers import need
from tests.stack import Stack, start_stack

pytestmark = pytest.mark.slow

FINAL = {"done", "needs_confirmation", "failed"}
HINTS = ["우유팩", "페트병", "택배상자", "캔", "유리병", "신문지", "과자봉지", "건전지"]
NAMES = ("auth", "users", "scan", "character", "ai", "relay")


@pytest.fixture(scope="module")
def stack(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    need("postgres", "redis", "rabbitmq")
    control.require_control()
    running = start_stack(postgres_url, tmp_path_factory.mktemp("chaos-ai"), names=NAMES)
    yield running
    running.stop()


def urls(stack: Stack) -> dict[str, str]:
    return {name: process.url for name, process in stack.processes.items()}


class Scanner:
    """A journey that starts hint scans and remembers every one the API accepted."""

    def __init__(self) -> None:
        self.accepted: dict[str, dict[str, str]] = {}

    async def __call__(self, user: VirtualUser) -> None:
        if user.token is None:
            await login(user)
            return
        response = await user.call(
            "scan",
            "POST",
            f"{user.urls['scan']}/api/v1/scan",
            json={"hint": random.choice(HINTS)},
            headers=user.auth,
        )
        if response is not None and response.status_code == 202:
            self.accepted[response.json()["id"]] = user.auth


async def final_status(
    client: httpx.AsyncClient, base: str, scan_id: str, auth: dict[str, str]
) -> str:
    response = await client.get(f"{base}/api/v1/scan/{scan_id}", headers=auth)
    assert response.status_code == 200, response.text
    return str(response.json()["status"])


def log_tail(stack: Stack, name: str, lines: int = 25) -> str:
    text_ = stack.processes[name].log.read_text(errors="replace")
    return "\n".join(text_.splitlines()[-lines:])


async def test_killed_ai_worker_loses_and_doubles_no_scan(stack: Stack, postgres_url: str) -> None:
    scanner = Scanner()
    async with Load(urls(stack), [scanner], users=20) as load:
        await asyncio.sleep(4)
        await asyncio.to_thread(stack.processes["ai"].kill)
        await asyncio.sleep(2)
        await asyncio.to_thread(stack.start, "ai")
        await asyncio.sleep(3)
    answers = Counter((o.journey, o.status) for o in load.log)
    assert len(scanner.accepted) >= 20, (
        f"only {len(scanner.accepted)} scans accepted; answers {dict(answers)}; "
        f"auth log tail:\n{log_tail(stack, 'auth')}"
    )
    base = stack.url("scan")
    async with httpx.AsyncClient(timeout=15) as client:
        deadline = time.monotonic() + 90
        pending = dict(scanner.accepted)
        done: set[str] = set()
        last: dict[str, str] = {}
        while pending and time.monotonic() < deadline:
            for scan_id, auth in list(pending.items()):
                status = last[scan_id] = await final_status(client, base, scan_id, auth)
                if status in FINAL:
                    del pending[scan_id]
                    if status == "done":
                        done.add(scan_id)
            await asyncio.sleep(0.5)
    stuck = Counter(last.get(scan_id, "never polled") for scan_id in pending)
    # On failure, say where the scans stopped and what the workers said, so a CI-only
    # failure can be read from its log.
    assert not pending, (
        f"{len(pending)} of {len(scanner.accepted)} accepted scans never finished "
        f"(statuses {dict(stuck)}); ai log tail:\n{log_tail(stack, 'ai')}\n"
        f"scan log tail:\n{log_tail(stack, 'scan')}"
    )
    engine = create_async_engine(postgres_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT payload FROM bus.outbox WHERE type = 'scan.completed'")
            )
            completed = [(p if isinstance(p, dict) else json.loads(p))["scan_id"] for (p,) in rows]
    finally:
        await engine.dispose()
    ours = [scan_id for scan_id in completed if scan_id in scanner.accepted]
    assert len(ours) == len(set(ours)), "a scan was completed twice"
    assert done, "no scan finished"
    assert set(ours) == done, "a finished scan never announced its completion"


async def test_sse_client_reconnecting_mid_scan_misses_nothing(stack: Stack) -> None:
    base = stack.url("scan")
    async with httpx.AsyncClient(timeout=30) as client:
        user = VirtualUser(client, urls(stack), [])
        await login(user)
        assert user.token is not None, (
            f"dev login failed: {user.log}; auth log tail:\n{log_tail(stack, 'auth')}"
        )
        created = await client.post(
            f"{base}/api/v1/scan", json={"hint": "우유팩"}, headers=user.auth
        )
        assert created.status_code == 202, created.text
        events_url = f"{base}{created.json()['events_url']}"
        first: list[tuple[str, str]] = []
        async with client.stream("GET", events_url, headers=user.auth) as stream:
            event_id = name = None
            async for line in stream.aiter_lines():
                if line.startswith("id: "):
                    event_id = line[4:]
                elif line.startswith("event: "):
                    name = line[7:]
                elif line == "" and event_id and name:
                    first.append((event_id, name))
                    break  # the client drops after its first event
        assert first
        resumed = await client.get(events_url, headers={**user.auth, "Last-Event-ID": first[0][0]})
        full = await client.get(events_url, headers=user.auth)

    def frames(body: str) -> list[tuple[str, str]]:
        out = []
        for block in body.split("\n\n"):
            fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
            if "id" in fields and "event" in fields:
                out.append((fields["id"], fields["event"]))
        return out

    everything = frames(full.text)
    assert everything[-1][1] in FINAL
    assert first + frames(resumed.text) == everything
