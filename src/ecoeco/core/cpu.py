"""CPU-bound work off the event loop, in a pool sized to the cores this process may use.

`asyncio.to_thread` uses the loop's default executor (min(32, cores + 4) threads), which
also serves blocking I/O (DNS look-ups, local files). CPU work there starves that I/O,
and more CPU threads than cores only share the cores more thinly, so every job in
flight finishes later. `run_cpu` queues jobs first come, first served, on as many
threads as there are cores (`ECOECO_CPU_THREADS` to override, see `configure`), and
counts the time a job waited for a thread. Long one-off jobs (building an index at
start-up) keep their own thread, so they never hold this pool for minutes.
"""

from __future__ import annotations

import asyncio
import functools
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ParamSpec, TypeVar

from ecoeco.core.observability import metrics

P = ParamSpec("P")
T = TypeVar("T")

_pool: ThreadPoolExecutor | None = None
_size = 0
# Jobs handed to the pool and not yet finished (waiting for a thread or running): the
# loop thread counts them in, the pool's threads count them out.
_submitted = 0
_finished = 0
_finishing = threading.Lock()


def available_cpus() -> int:
    """CPUs this process may run on: its affinity, capped by a cgroup CPU quota if any."""
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    count = count or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            count = min(count, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return count


def configure(threads: int) -> None:
    """Size the pool (0: one thread per available core); call before the first job."""
    global _pool, _size
    wanted = threads or available_cpus()
    if _pool is not None and _size == wanted:
        return
    old, _pool = _pool, ThreadPoolExecutor(max_workers=wanted, thread_name_prefix="ecoeco-cpu")
    _size = wanted
    if old is not None:
        old.shutdown(wait=False)


def jobs_in_flight() -> int:
    """Jobs in the pool now, waiting for a thread or running (the caller's own included,
    when it is one): more than one means the cores have other CPU work to do."""
    return _submitted - _finished


def _executor() -> ThreadPoolExecutor:
    if _pool is None:
        configure(0)
    assert _pool is not None
    return _pool


async def run_cpu(kind: str, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `fn` in the CPU pool; `kind` labels the wait metric (image, vision, chat, ...)."""
    return await _run(kind, None, functools.partial(fn, *args, **kwargs))


async def run_cpu_within(
    kind: str, seconds: float, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """`run_cpu`, raising TimeoutError when `fn` runs longer than `seconds`.

    The time counts from when a thread starts the job, not while it waits in line: a
    busy machine makes work wait, and that is not the work failing. (A job that timed
    out still finishes in its thread; Python cannot stop it.)
    """
    return await _run(kind, seconds, functools.partial(fn, *args, **kwargs))


async def _run(kind: str, seconds: float | None, job: Callable[[], T]) -> T:
    loop = asyncio.get_running_loop()
    queued = time.perf_counter()
    waiting = True
    async with asyncio.timeout(None) as limit:

        def started() -> None:  # on the loop, when a thread has taken the job
            if seconds is not None and waiting:
                limit.reschedule(loop.time() + seconds)

        def timed() -> T:
            metrics.CPU_QUEUE_WAIT.labels(kind).observe(time.perf_counter() - queued)
            if seconds is not None:  # a wake-up of the loop: only when a limit needs it
                loop.call_soon_threadsafe(started)
            return job()

        global _submitted
        handed = _executor().submit(timed)  # what run_in_executor does, counted
        _submitted += 1
        handed.add_done_callback(_count_out)  # run, failed, or cancelled while waiting
        try:
            return await asyncio.wrap_future(handed, loop=loop)
        finally:
            waiting = False


def _count_out(_: object) -> None:
    global _finished
    with _finishing:
        _finished += 1


class InlineWhenCheap:
    """Runs a job on the calling (event-loop) thread when the same key ran cheaply before.

    A job sent to the pool costs the loop a hand-off each way, and on two busy cores each
    hand-off can cost a wait for the interpreter lock held by the pool's thread: for work
    of tens of microseconds (an answer every cache already knows) that is far more than
    the work. So each run of a key is timed (its CPU time in the pool, its wall time
    inline, which is never less); a key whose last run took at most `budget` seconds runs
    inline next time, any other in the pool. A key that was cheap and is not any more
    (its caches were evicted) goes back to the pool after that one run. `remembered` keys
    are kept (least recently used out).
    """

    def __init__(self, kind: str, budget: float = 0.001, remembered: int = 4096) -> None:
        self.kind = kind
        self.budget = budget
        self.remembered = remembered
        self._cheap: OrderedDict[Hashable, None] = OrderedDict()

    def _note(self, key: Hashable, took: float) -> None:
        if took > self.budget:
            self._cheap.pop(key, None)
            return
        self._cheap[key] = None
        self._cheap.move_to_end(key)
        if len(self._cheap) > self.remembered:
            self._cheap.popitem(last=False)

    async def run(self, key: Hashable, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """`fn(*args, **kwargs)`, inline if `key` was cheap last time, else in the pool."""
        if key in self._cheap:
            # Wall time here (no system call to read it): never less than the CPU time,
            # so a run that was cut short by the scheduler only sends the key back to
            # the pool once, where its CPU time is measured again.
            started = time.perf_counter()
            result = fn(*args, **kwargs)
            self._note(key, time.perf_counter() - started)
            return result

        def timed() -> tuple[T, float]:
            started = time.thread_time()
            return fn(*args, **kwargs), time.thread_time() - started

        result, took = await run_cpu(self.kind, timed)
        self._note(key, took)
        return result
