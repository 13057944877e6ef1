"""Past the pipeline's capacity the scan service refuses new scans early: 503 `overloaded`
with Retry-After, from a backlog count every process shares, that drains as scans finish."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ecoeco.scan.settings import ScanSettings
from tests.conftest import AppFactory, truncate_all
from tests.servers import need
from tests.stack import Stack, start_stack

HINT = {"hint": "종이컵"}  # a typed scan: no upload needed, the ai worker still runs it


def refused(response: httpx.Response) -> bool:
    """The intended refusal: 503 `overloaded`, saying when to come back."""
    return (
        response.status_code == 503
        and response.json()["error"]["code"] == "overloaded"
        and response.headers.get("Retry-After") == "2"
    )


@pytest.fixture
def scan_without_workers(postgres_url: str, tmp_path: Path) -> Iterator[Stack]:
    """auth, and scan as two worker processes, allowing 3 unfinished scans; no ai worker yet."""
    need("postgres", "redis", "rabbitmq")
    running = start_stack(
        postgres_url,
        tmp_path,
        names=("auth", "scan"),
        extra_env={
            "ECOECO_WORKERS": "2",
            "ECOECO_SCAN_MAX_BACKLOG": "3",
            "ECOECO_SCAN_BACKLOG_SAMPLE_SECONDS": "0",
        },
    )
    try:
        yield running
    finally:
        running.stop()
        asyncio.run(truncate_all(postgres_url))


def test_scans_past_the_backlog_are_refused_until_the_pipeline_finishes_them(
    scan_without_workers: Stack,
) -> None:
    stack = scan_without_workers
    scan_url = f"{stack.url('scan')}/api/v1/scan"
    with httpx.Client(timeout=30) as client:
        login = client.post(
            f"{stack.url('auth')}/api/v1/auth/dev/login", json={"email": "busy@example.com"}
        )
        assert login.status_code == 200, login.text
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        # Each POST may land on either process: the count is the one in the database.
        replayable = {**auth, "Idempotency-Key": "k-0"}
        accepted = [client.post(scan_url, json=HINT, headers=replayable)]
        accepted += [client.post(scan_url, json=HINT, headers=auth) for _ in range(2)]
        assert [r.status_code for r in accepted] == [202, 202, 202], [r.text for r in accepted]
        for _ in range(4):
            assert refused(over := client.post(scan_url, json=HINT, headers=auth)), over.text
        key = {**auth, "Idempotency-Key": "k-1"}
        assert refused(client.post(scan_url, json=HINT, headers=key))
        # A replay of a scan already accepted is no new scan: answered as before, not shed.
        replay = client.post(scan_url, json=HINT, headers=replayable)
        assert replay.status_code == 202
        assert replay.json()["id"] == accepted[0].json()["id"]

        stack.start("ai")  # the pipeline starts working through the backlog
        deadline = time.monotonic() + 60
        ids = [r.json()["id"] for r in accepted]
        while time.monotonic() < deadline:
            states = [client.get(f"{scan_url}/{i}", headers=auth).json()["status"] for i in ids]
            if all(s in ("done", "needs_confirmation", "failed") for s in states):
                break
            time.sleep(0.3)
        assert all(s in ("done", "needs_confirmation") for s in states), states
        again = client.post(scan_url, json=HINT, headers=key)
        assert again.status_code == 202, again.text
        metrics = httpx.get(stack.processes["scan"].metrics_url, timeout=10).text
    shed = [line for line in metrics.splitlines() if line.startswith("ecoeco_scan_shed_total")]
    assert shed, metrics[-2000:]
    assert float(shed[0].split()[-1]) == 5.0, shed


async def test_a_scan_left_unfinished_stops_counting_after_the_horizon(
    app_factory: AppFactory,
) -> None:
    settings = ScanSettings(max_backlog=2, backlog_horizon_seconds=1.5, backlog_sample_seconds=0)
    async with app_factory(["auth", "scan"], settings=[settings]) as running:  # no ai worker
        client = running.client
        login = await client.post("/api/v1/auth/dev/login", json={"email": "lost@example.com"})
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        first = [await client.post("/api/v1/scan", json=HINT, headers=auth) for _ in range(2)]
        assert [r.status_code for r in first] == [202, 202]
        assert refused(await client.post("/api/v1/scan", json=HINT, headers=auth))
        # Nothing will ever finish these two (their worker is gone, say): after the
        # horizon they no longer hold the pipeline's places.
        await asyncio.sleep(1.6)
        later = await client.post("/api/v1/scan", json=HINT, headers=auth)
        assert later.status_code == 202, later.text


async def test_a_full_estimate_is_read_again_before_a_refusal(app_factory: AppFactory) -> None:
    # Readings a minute apart: between them the process only adds the scans it accepts,
    # so without a fresh reading it would still count two that have since finished.
    settings = ScanSettings(max_backlog=2, backlog_sample_seconds=60)
    async with app_factory(["auth", "scan", "ai"], settings=[settings]) as running:
        client = running.client
        login = await client.post("/api/v1/auth/dev/login", json={"email": "busy@example.com"})
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        first = [await client.post("/api/v1/scan", json=HINT, headers=auth) for _ in range(2)]
        assert [r.status_code for r in first] == [202, 202]
        for accepted in first:
            for _ in range(100):
                got = await client.get(accepted.json()["result_url"], headers=auth)
                if got.json()["status"] != "queued":
                    break
                await asyncio.sleep(0.05)
            assert got.json()["status"] != "queued", got.text
        third = await client.post("/api/v1/scan", json=HINT, headers=auth)
        assert third.status_code == 202, third.text
