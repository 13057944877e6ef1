"""A scheduled job ends when cancelled, even when a client library turns the
cancellation into an error of its own mid-call."""

from __future__ import annotations

import asyncio

import pytest

from ecoeco.core.cache import MemoryCache
from ecoeco.core.schedule import once_per_interval


async def test_a_job_cancelled_inside_a_call_that_converts_the_cancellation_ends() -> None:
    started = asyncio.Event()
    converted: list[bool] = []

    async def run() -> None:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            if converted:  # once only, so a failing run of this test still ends
                raise
            converted.append(True)
            raise ConnectionError("connection closed by the library") from None

    task = asyncio.create_task(once_per_interval("job", MemoryCache(), "lock", 0.05, run))
    await started.wait()
    task.cancel()
    await asyncio.wait({task}, timeout=5)
    if not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=5)
        pytest.fail("the job swallowed its cancellation and kept running")
    assert task.cancelled()
