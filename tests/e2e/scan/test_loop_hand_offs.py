"""What a scan asks of other threads and of the kernel, counted through HTTP.

Each hand-off to a CPU-pool thread and each system call that lets go of the
interpreter lock is, on two busy cores, a wait for that lock on the event loop's
thread (docs/performance-2026-12-02-embedded-gil.md). A scan's photo is decoded and
classified in one pool job, and its ids (job, messages, request ids) take no kernel
random call each.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from typing import Any

import pytest
from prometheus_client import REGISTRY

from tests.conftest import AppFactory
from tests.e2e.scan.conftest import follow, login, upload
from tests.fixtures.images import photos

SCANS = 5


def _jobs(kind: str) -> float:
    value = REGISTRY.get_sample_value("ecoeco_cpu_queue_wait_seconds_count", {"kind": kind})
    return value or 0.0


def _counting(real: Callable[[int], bytes], calls: list[int]) -> Callable[[int], bytes]:
    def urandom(size: int) -> bytes:
        calls.append(size)
        return real(size)

    return urandom


async def test_a_scan_is_one_pool_job_and_its_ids_no_kernel_call_each(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        stored = await upload(client, auth, photos.committed("coffee.jpg"))
        assert stored.status_code == 201, stored.text
        body: dict[str, Any] = {"image_key": stored.json()["image_key"]}

        calls: list[int] = []  # os.urandom, and `random`'s own reference to it (secrets)
        monkeypatch.setattr(os, "urandom", _counting(os.urandom, calls))
        monkeypatch.setattr(random, "_urandom", _counting(random._urandom, calls))  # type: ignore[attr-defined]
        decoded, classified = _jobs("image"), _jobs("vision")
        for _ in range(SCANS):
            created = await client.post("/api/v1/scan", json=body, headers=auth)
            assert created.status_code == 202, created.text
            events = await follow(client, auth, created.json()["id"])
            assert events[-1].event == "done", events[-1]

        assert _jobs("vision") - classified == SCANS  # decoding rides along
        assert _jobs("image") - decoded == 0
        # six ids a scan (job, three messages, two request ids) from one 4 KiB read at most
        assert len(calls) <= 1, calls
