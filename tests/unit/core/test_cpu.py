"""CPU-bound work runs on a pool as wide as the cores, first come first served."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from prometheus_client import REGISTRY

from ecoeco.core import cpu


def waited() -> float:
    """Seconds jobs labelled `test` spent waiting for a thread, so far."""
    value = REGISTRY.get_sample_value("ecoeco_cpu_queue_wait_seconds_sum", {"kind": "test"})
    return value or 0.0


async def test_jobs_never_run_wider_than_the_pool() -> None:
    cpu.configure(2)
    running = peak = 0
    lock = threading.Lock()

    def job() -> str:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return threading.current_thread().name

    waited_before = waited()
    names = await asyncio.gather(*(cpu.run_cpu("test", job) for _ in range(6)))
    assert peak == 2
    assert all(name.startswith("ecoeco-cpu") for name in names)
    # four of the six waited about one or two job lengths for a thread
    assert waited() - waited_before > 0.1
    cpu.configure(0)


def test_the_default_is_one_thread_per_available_core() -> None:
    assert cpu.available_cpus() >= 1


async def test_the_time_limit_counts_from_the_start_not_the_wait_in_line() -> None:
    cpu.configure(1)
    blocker = asyncio.ensure_future(cpu.run_cpu("test", time.sleep, 0.3))
    await asyncio.sleep(0.01)
    # waits 0.3 s for the only thread, then runs 0.05 s: within its 0.2 s limit
    assert await cpu.run_cpu_within("test", 0.2, lambda: time.sleep(0.05) or "done") == "done"
    await blocker
    with pytest.raises(TimeoutError):
        await cpu.run_cpu_within("test", 0.05, time.sleep, 0.3)
    cpu.configure(0)
