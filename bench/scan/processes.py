"""The scan-only bench's distributed mode in several processes (`end_to_end.py --processes N`).

N processes, spawned (a fresh interpreter each, nothing forked from a built app), each
compose the whole distributed app on the same PostgreSQL database, Redis namespace and
AMQP prefix: what N worker processes of `ecoeco serve` (ECOECO_WORKERS=N) share. Their
consumers compete for the same queues, their relays claim from the same outbox, their
SSE streams read the same Redis streams: a scan posted in one process may be classified
and stored by another. Each process runs its share of the level's clients in-process, on
its own event loop, with the same `--client` (`httpx` or `asgi`); all start together
(a barrier with the parent), and the parent collects every scan's latency and prints the
usual line, then one line per process.

Why this shape rather than `ecoeco serve` with ECOECO_WORKERS=N and the clients over
HTTP: it compares directly with the one-process line (same clients, same in-process
requests, no HTTP parsing on either side), so the difference is the processes alone; and
each process's loop thread can be timed from inside it. `--client http` stays
single-process (`end_to_end.py` refuses it with `--processes` above 1).

In the line, `cpu/scan` is every process's CPU together, `loop thread` the busiest
process's loop thread (its CPU over all the level's scans: the rate is at most 1000 over
it), `machine` every process on the machine. A process's own line divides by the scans
its clients made, though its consumers also worked on other processes' scans.
"""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import httpx
from bench.scan import clients as bench_clients
from bench.scan.end_to_end import (
    VECTORS,
    Collections,
    Level,
    bearer,
    drop_database,
    machine_cpu_seconds,
    mode_settings,
    p50_p95,
    print_level,
    upload,
)

from ecoeco.composition import compose
from ecoeco.composition.shared import Shared
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.settings import CoreSettings

# Set by `bench/profile/scan_by_process.py`: called as a level starts, returns what to
# call with the level's scan count when it ends.
watch: Callable[[], Callable[[int], None]] | None = None
STARTING_SECONDS = 600.0  # a process's start (imports, knowledge index, app, warm-up scan)
MODE = "distributed"


@dataclass(frozen=True)
class Share:
    """What one process did in one level."""

    latencies: list[float]
    elapsed: float
    cpu: float  # the process's CPU seconds, every thread
    loop: float  # its event loop thread's CPU seconds
    collections: tuple[int, int, int]
    gc_seconds: float


def clients_of(process: int, processes: int, count: int) -> int:
    """How many of a level's `count` clients run in `process` (0-based): an even split,
    the first processes taking one more each when it does not divide."""
    return count // processes + (1 if process < count % processes else 0)


async def _share(clients: bench_clients.Clients, count: int, seconds: float) -> Share:
    collections = Collections()
    gc.callbacks.append(collections)
    cpu, loop = time.process_time(), time.thread_time()
    try:
        if count:
            ran = await clients.level(count, seconds)
        else:
            await asyncio.sleep(seconds)
            ran = bench_clients.LevelRun([], seconds)
    finally:
        gc.callbacks.remove(collections)
    c0, c1, c2 = collections.counts
    return Share(
        ran.latencies,
        ran.elapsed,
        time.process_time() - cpu,
        time.thread_time() - loop,
        (c0, c1, c2),
        collections.seconds,
    )


@dataclass(frozen=True)
class Job:
    """What one spawned process is to do."""

    process: int  # 0-based
    processes: int
    settings: CoreSettings
    pem: bytes  # the signing key, shared: a token from any process is good in each
    client: str
    levels: tuple[int, ...]
    seconds: float


async def _serve(job: Job, barrier: Any, out: Connection) -> None:
    key = SigningKey.from_pem(job.pem)
    shared = Shared(VECTORS)
    shared.index.build()
    auth = bearer(job.settings, key)
    app = compose(job.settings, label="all", signing_keys=[key], scheduled=False, shared=shared)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        limits = httpx.Limits(max_connections=None)
        base = bench_clients.BASE_URL
        async with (
            httpx.AsyncClient(transport=transport, base_url=base, limits=limits) as http,
            AsyncExitStack() as stack,
        ):
            image_key = await upload(http, auth)
            clients = await bench_clients.start(
                stack, job.client, http, app, job.settings, auth, image_key, 0
            )
            await clients.scan()  # warm-up
            for count in job.levels:
                await asyncio.to_thread(barrier.wait, STARTING_SECONDS)
                mine = clients_of(job.process, job.processes, count)
                out.send(await _share(clients, mine, job.seconds))


def _process(job: Job, barrier: Any, out: Connection) -> None:
    """One spawned process: the app, its clients, one Share sent a level (or an error)."""
    try:
        asyncio.run(_serve(job, barrier, out))
    except BaseException:
        out.send({"error": traceback.format_exc()})
        barrier.abort()
        raise
    finally:
        out.close()


def _level(shares: list[Share], machine: float) -> Level:
    latencies = [latency for share in shares for latency in share.latencies]
    done = max(len(latencies), 1)
    collections = [sum(share.collections[g] for share in shares) for g in range(3)]
    return Level(
        len(latencies) / max(share.elapsed for share in shares),
        *p50_p95(latencies),
        len(latencies),
        sum(share.cpu for share in shares) * 1000 / done,
        max(share.loop for share in shares) * 1000 / done,
        machine * 1000 / done,
        None,
        tuple(n * 100 / done for n in collections),
        sum(share.gc_seconds for share in shares) * 1000 / done,
    )


def _print_shares(shares: list[Share], count: int) -> None:
    for process, share in enumerate(shares):
        done = max(len(share.latencies), 1)
        p50, p95 = p50_p95(share.latencies)
        mine = clients_of(process, len(shares), count)
        rate = len(share.latencies) / share.elapsed
        print(
            f"  process {process + 1}/{len(shares)}: clients={mine:<3} "
            f"scans={len(share.latencies):<5} {rate:7.1f} scans/s  "
            f"p50={p50 * 1000:7.1f} ms  p95={p95 * 1000:7.1f} ms  "
            f"cpu/own scan={share.cpu * 1000 / done:5.1f} ms "
            f"(loop thread {share.loop * 1000 / done:5.1f} ms, "
            f"{share.loop / share.elapsed:4.2f} of a core)"
        )


def _failed(pipes: list[Connection]) -> RuntimeError:
    errors = [answer["error"] for pipe in pipes if pipe.poll() for answer in [pipe.recv()]
              if isinstance(answer, dict)]  # fmt: skip
    return RuntimeError("a bench process failed:\n" + "\n".join(errors or ["(no word)"]))


def run(
    seconds: float, raw: float, levels: tuple[int, ...], client: str, processes: int
) -> list[tuple[str, int, Level]]:
    """The distributed mode's levels with `processes` processes; one Level a level."""
    settings, database = asyncio.run(mode_settings(MODE))
    assert database is not None
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(processes + 1)
    pem = SigningKey.generate().to_pem()
    pipes: list[Connection] = []
    started = []
    results: list[tuple[str, int, Level]] = []
    print(f"{MODE:<12} {processes} processes, each the whole app; the clients split among them")
    try:
        for process in range(processes):
            mine, theirs = spawn.Pipe(duplex=False)
            job = Job(process, processes, settings, pem, client, levels, seconds)
            args = (job, barrier, theirs)
            worker = spawn.Process(target=_process, args=args, name=f"bench-scan-{process + 1}")
            worker.start()
            theirs.close()
            pipes.append(mine)
            started.append(worker)
        for count in levels:
            try:
                barrier.wait(STARTING_SECONDS)
            except threading.BrokenBarrierError:
                raise _failed(pipes) from None
            machine = machine_cpu_seconds()
            ended = watch() if watch is not None else None
            answers = [pipe.recv() for pipe in pipes]
            machine = machine_cpu_seconds() - machine
            if not all(isinstance(answer, Share) for answer in answers):
                raise RuntimeError("a bench process failed:\n" + str(answers))
            got = _level(answers, machine)
            if ended is not None:
                ended(got.count)
            results.append((MODE, count, got))
            print_level(MODE, f"{client}", count, got, raw)
            _print_shares(answers, count)
        for worker in started:
            worker.join(60)
    finally:
        for worker in started:
            if worker.is_alive():
                worker.kill()
                worker.join()
        asyncio.run(drop_database(database))
    return results
