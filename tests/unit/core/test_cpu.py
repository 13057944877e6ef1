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


async def test_a_key_that_ran_cheaply_runs_inline_next_time() -> None:
    cpu.configure(2)
    cheap = cpu.InlineWhenCheap("test", budget=0.01)
    loop_thread = threading.current_thread().name
    spin = {"seconds": 0.0}

    def job(label: str) -> str:
        end = time.thread_time() + spin["seconds"]
        while time.thread_time() < end:
            pass
        return f"{label}@{threading.current_thread().name}"

    first = await cheap.run("a", job, "a")
    assert first.startswith("a@ecoeco-cpu")
    assert await cheap.run("a", job, "a") == f"a@{loop_thread}"
    assert (await cheap.run("b", job, "b")).startswith("b@ecoeco-cpu")  # another key
    spin["seconds"] = 0.03  # "a" is no longer cheap: one more run inline, then the pool
    assert await cheap.run("a", job, "a") == f"a@{loop_thread}"
    assert (await cheap.run("a", job, "a")).startswith("a@ecoeco-cpu")
    assert (await cheap.run("a", job, "a")).startswith("a@ecoeco-cpu")


async def test_only_the_most_recent_cheap_keys_are_remembered() -> None:
    cpu.configure(2)
    cheap = cpu.InlineWhenCheap("test", remembered=2)
    here = threading.current_thread().name

    def where() -> str:
        return threading.current_thread().name

    for key in ("a", "b", "c"):
        await cheap.run(key, where)
    assert await cheap.run("c", where) == here
    assert await cheap.run("b", where) == here
    assert (await cheap.run("a", where)).startswith("ecoeco-cpu")  # forgotten


async def test_a_job_without_a_time_limit_wakes_the_loop_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only its result comes back to the loop; a job's start matters only to a time limit."""
    cpu.configure(1)
    loop = asyncio.get_running_loop()
    wakes: list[object] = []
    real = loop.call_soon_threadsafe

    def counted(callback: object, *args: object, **kwargs: object) -> object:
        wakes.append(callback)
        return real(callback, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loop, "call_soon_threadsafe", counted)
    assert await cpu.run_cpu("test", sum, [1, 2]) == 3
    assert len(wakes) == 1
    wakes.clear()
    assert await cpu.run_cpu_within("test", 5.0, sum, [1, 2]) == 3
    assert len(wakes) == 2  # the start too: the limit counts from there
    cpu.configure(0)


async def test_jobs_in_flight_counts_waiting_running_and_cancelled_jobs_out() -> None:
    cpu.configure(1)
    before = cpu.jobs_in_flight()
    release = threading.Event()
    running = asyncio.ensure_future(cpu.run_cpu("test", release.wait, 5))
    waiting = asyncio.ensure_future(cpu.run_cpu("test", time.sleep, 0))
    await asyncio.sleep(0.05)
    assert cpu.jobs_in_flight() - before == 2  # one on the thread, one in line
    waiting.cancel()  # never reaches a thread: counted out all the same
    await asyncio.sleep(0.01)
    assert cpu.jobs_in_flight() - before == 1
    release.set()
    assert await running is True
    assert cpu.jobs_in_flight() == before  # counted out before its result reached us
    assert await cpu.run_cpu("test", cpu.jobs_in_flight) == before + 1  # a job sees itself
    cpu.configure(0)
