"""End-to-end scans per second and latency, against raw inference measured in the same run.

For each mode (embedded: SQLite + in-process bus and hub; distributed: PostgreSQL +
Redis + RabbitMQ), the whole app runs in this process and 1, 8 and 32 concurrent
clients each loop: POST /scan with an uploaded photo, then follow its SSE stream to
the final event. Raw inference is the default classifier's `classify()` on the same
stored photo, one caller at a time, in the same process. Each level also prints the CPU
a scan cost, the whole process's and the event loop thread's alone (the app and the
bench's own client share that thread and its interpreter lock, so its milliseconds per
scan bound the rate: 1000 / loop ms scans per second at most), and the whole machine's
(every process: in the distributed mode PostgreSQL, Redis and RabbitMQ too; meaningful
on a quiet machine only).

`--client` picks who makes the requests (`clients.py`): `httpx` (the default, httpx over
its in-process ASGI transport), `asgi` (a lean in-process ASGI driver: the same requests,
less client work on the loop thread) or `http` (the app served by uvicorn on a local
port, the clients in a process of their own). Raw inference is measured before the
levels and again after them; the ratio is to the rate before, as it always was, and the
summary at the end prints it to both.

    .venv/bin/python bench/scan/end_to_end.py [--seconds 8] [--modes embedded,distributed]
        [--levels 1,8,32] [--client httpx|asgi|http] [--port 0] [--processes 1]

`--processes N` (N > 1) runs the distributed mode as N processes of the app sharing one
database, Redis namespace and AMQP prefix, the clients split among them (`processes.py`).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.scan import clients as bench_clients  # noqa: E402

from ecoeco.composition import compose  # noqa: E402
from ecoeco.composition.shared import Shared  # noqa: E402
from ecoeco.core.security.keys import SigningKey  # noqa: E402
from ecoeco.core.security.tokens import TokenSigner  # noqa: E402
from ecoeco.core.settings import CoreSettings  # noqa: E402
from ecoeco.knowledge import load_knowledge  # noqa: E402
from ecoeco.migrations import upgrade  # noqa: E402
from ecoeco.workers.ai.adapters.factory import build_classifier  # noqa: E402
from ecoeco.workers.ai.settings import AiSettings  # noqa: E402
from ecoeco.workers.ai.vision import decode  # noqa: E402
from ecoeco.workers.storage.images import process  # noqa: E402

PHOTO = ROOT / "tests" / "fixtures" / "images" / "coffee.jpg"
VECTORS = Path.home() / ".cache" / "ecoeco-chat"  # the knowledge vectors, kept between runs
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"
AMQP = "amqp://guest:guest@127.0.0.1:5672/"
LEVELS = (1, 8, 32)


def raw_inferences_per_second(seconds: float) -> tuple[float, float]:
    """The classifier alone on the stored (normalized) photo, one call at a time: calls
    per second, and the machine's CPU milliseconds per call."""
    classifier = build_classifier(AiSettings(), load_knowledge())
    classifier.warm()
    image = decode(process(PHOTO.read_bytes()).normalized)
    for _ in range(3):
        classifier.classify(image, 5)
    done, deadline = 0, time.perf_counter() + seconds
    started, machine = time.perf_counter(), machine_cpu_seconds()
    while time.perf_counter() < deadline:
        classifier.classify(image, 5)
        done += 1
    return done / (time.perf_counter() - started), (machine_cpu_seconds() - machine) * 1000 / done


async def _admin(sql: str) -> None:
    engine = create_async_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(sql))
    await engine.dispose()


@dataclass(frozen=True)
class Level:
    """One concurrency level: throughput, latency, and the CPU each scan cost."""

    rate: float
    p50: float
    p95: float
    count: int
    cpu_ms: float  # the whole process (every thread), per scan
    loop_ms: float  # the event loop's thread alone, per scan: the interpreter-lock ceiling
    machine_ms: float  # every process on the machine, per scan (the servers included)
    clients_ms: float | None = None  # the clients' own process, per scan (`--client http`)
    collections: tuple[float, ...] = (0.0, 0.0, 0.0)  # collections a 100 scans, by generation
    gc_ms: float = 0.0  # time inside those collections (any thread, holding the GIL), per scan


class Collections:
    """Garbage collections in this process (any thread): how many by generation, how long."""

    def __init__(self) -> None:
        self.counts = [0, 0, 0]
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.counts[info["generation"]] += 1
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started


def machine_cpu_seconds() -> float:
    """CPU time every process on the machine has used since boot (Linux; 0 elsewhere)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    busy = sum(int(v) for v in fields[:8]) - int(fields[3]) - int(fields[4])  # not idle/iowait
    return busy / os.sysconf("SC_CLK_TCK")


def p50_p95(latencies: list[float]) -> tuple[float, float]:
    """The median and the 95th percentile (0 for none; the one for one)."""
    if len(latencies) < 2:
        return (latencies or [0.0])[0], (latencies or [0.0])[0]
    return statistics.median(latencies), statistics.quantiles(latencies, n=20)[18]


async def level(clients: bench_clients.Clients, count: int, seconds: float) -> Level:
    """Scans per second, p50 and p95 latency with `count` clients looping for `seconds`."""
    collections = Collections()
    gc.callbacks.append(collections)
    cpu, loop_cpu, machine = time.process_time(), time.thread_time(), machine_cpu_seconds()
    try:
        ran = await clients.level(count, seconds)
    finally:
        gc.callbacks.remove(collections)
    latencies = ran.latencies
    done = max(len(latencies), 1)
    cpu_ms = (time.process_time() - cpu) * 1000 / done
    loop_ms = (time.thread_time() - loop_cpu) * 1000 / done
    machine_ms = (machine_cpu_seconds() - machine) * 1000 / done
    clients_ms = None if ran.clients_cpu is None else ran.clients_cpu * 1000 / done
    return Level(
        len(latencies) / ran.elapsed,
        *p50_p95(latencies),
        len(latencies),
        cpu_ms,
        loop_ms,
        machine_ms,
        clients_ms,
        tuple(n * 100 / done for n in collections.counts),
        collections.seconds * 1000 / done,
    )


async def mode_settings(mode: str) -> tuple[CoreSettings, str | None]:
    """The app's settings in `mode`, its data directory and database made (and migrated);
    the PostgreSQL database's name (`drop_database` when done), None for SQLite."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"ecoeco-bench-{mode}-"))
    unique = uuid.uuid4().hex[:8]
    if mode == "embedded":
        url = f"sqlite+aiosqlite:///{data_dir / 'ecoeco.db'}"
        await asyncio.to_thread(upgrade, url)
        return CoreSettings(data_dir=data_dir, env="test", log_level="WARNING"), None
    database = f"ecoeco_bench_{unique}"
    await _admin(f'CREATE DATABASE "{database}"')
    url = POSTGRES.rsplit("/", 1)[0] + f"/{database}"
    await asyncio.to_thread(upgrade, url)
    settings = CoreSettings(
        data_dir=data_dir,
        env="test",
        log_level="WARNING",
        database_url=url,
        redis_url=REDIS,
        redis_namespace=f"bench:{unique}:",
        amqp_url=AMQP,
        amqp_prefix=f"bench.{unique}.",
    )
    return settings, database


async def drop_database(database: str) -> None:
    await _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def bearer(settings: CoreSettings, key: SigningKey) -> dict[str, str]:
    """The bench user's request headers: a token signed with `key`."""
    signer = TokenSigner([key], issuer=settings.jwt_issuer, audience=settings.jwt_audience)
    return {"Authorization": f"Bearer {signer.issue('bench-user', ['user']).token}"}


async def upload(http: httpx.AsyncClient, auth: dict[str, str]) -> str:
    """The bench's photo, uploaded once: its image key."""
    files = {"file": ("coffee.jpg", PHOTO.read_bytes(), "image/jpeg")}
    uploaded = await http.post("/api/v1/scan/uploads", headers=auth, files=files)
    uploaded.raise_for_status()
    key: str = uploaded.json()["image_key"]
    return key


def print_level(mode: str, client: str, count: int, got: Level, raw: float) -> None:
    """The level's line."""
    print(
        f"{mode:<12} client={client:<5} clients={count:<3} "
        f"scans={got.count:<5} {got.rate:7.1f} scans/s  "
        f"p50={got.p50 * 1000:7.1f} ms  p95={got.p95 * 1000:7.1f} ms  "
        f"ratio to raw={got.rate / raw:5.2f}  "
        f"cpu/scan={got.cpu_ms:5.1f} ms (loop thread {got.loop_ms:5.1f} ms, "
        f"machine {got.machine_ms:5.1f} ms{_clients_part(got)})  "
        f"gc a 100 scans {'/'.join(f'{n:.0f}' for n in got.collections)} "
        f"(gen 0/1/2), {got.gc_ms:4.2f} ms a scan"
    )


async def run_mode(
    mode: str,
    seconds: float,
    raw: float,
    shared: Shared,
    levels: tuple[int, ...] = LEVELS,
    client: str = "httpx",
    port: int = 0,
) -> list[tuple[str, int, Level]]:
    """Start the whole app in one mode and measure each concurrency level with `client`.

    `shared` holds the knowledge index, built before: otherwise the app embeds the whole
    knowledge base in a background thread while the levels run, and they measure that.
    """
    settings, database = await mode_settings(mode)
    key = SigningKey.generate()
    auth = bearer(settings, key)
    app = compose(settings, label="all", signing_keys=[key], scheduled=False, shared=shared)
    results: list[tuple[str, int, Level]] = []
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            limits = httpx.Limits(max_connections=None)
            async with httpx.AsyncClient(
                transport=transport, base_url=bench_clients.BASE_URL, limits=limits
            ) as http:
                image_key = await upload(http, auth)
                async with AsyncExitStack() as stack:
                    clients = await bench_clients.start(
                        stack, client, http, app, settings, auth, image_key, port
                    )
                    if clients.served_at is not None:
                        print(f"{mode:<12} served by uvicorn at {clients.served_at}")
                    await clients.scan()  # warm-up
                    for count in levels:
                        got = await level(clients, count, seconds)
                        results.append((mode, count, got))
                        print_level(mode, clients.name, count, got, raw)
    finally:
        if database is not None:
            await drop_database(database)
    return results


def _clients_part(got: Level) -> str:
    if got.clients_ms is None:
        return ""
    return f", clients' process {got.clients_ms:5.1f} ms"


# The bench is a few people scanning as fast as they can: lift the per-person limits
# (settings, as the load harness does); the defaults stay as they are.
BENCH_ENV = {
    "ECOECO_SCAN_LIMIT_PER_USER": "1000000/minute",
    "ECOECO_STORAGE_UPLOAD_LIMIT_PER_USER": "1000000/minute",
    # The bench measures the pipeline's rate with every client busy, not the shedding
    # (ADR 0011): at 32 clients the backlog cap (32 by default) would refuse scans whose
    # rows are not yet marked finished, and a refused scan fails the run.
    "ECOECO_SCAN_MAX_BACKLOG": "0",
}


def main() -> None:
    os.environ.update(BENCH_ENV)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--modes", default="embedded,distributed")
    parser.add_argument("--levels", default="1,8,32", help="concurrent clients, comma-separated")
    parser.add_argument(
        "--client", choices=bench_clients.CLIENTS, default="httpx", help="who makes the requests"
    )
    parser.add_argument("--port", type=int, default=0, help="`--client http`: the app's port")
    parser.add_argument(
        "--processes", type=int, default=1, help="distributed mode: processes (processes.py)"
    )
    args = parser.parse_args()
    if args.processes > 1 and args.client == "http":
        parser.error("--processes above 1 runs the in-process clients only (httpx, asgi)")
    levels = tuple(int(n) for n in args.levels.split(","))
    print(f"client: {args.client}: {bench_clients.DESCRIPTIONS[args.client]}")
    shared = Shared(VECTORS)
    shared.index.build()
    raw, raw_ms = raw_inferences_per_second(args.seconds)
    print(
        f"raw inference (baseline, before the levels): {raw:.1f} inferences/s, one caller, "
        f"{raw_ms:.1f} ms CPU each"
    )
    results: list[tuple[str, int, Level]] = []
    for mode in args.modes.split(","):
        if mode.strip() == "distributed" and args.processes > 1:
            from bench.scan import processes

            results += processes.run(args.seconds, raw, levels, args.client, args.processes)
            continue
        results += asyncio.run(
            run_mode(mode.strip(), args.seconds, raw, shared, levels, args.client, args.port)
        )
    after, after_ms = raw_inferences_per_second(args.seconds)
    print(
        f"raw inference (after the levels): {after:.1f} inferences/s, one caller, "
        f"{after_ms:.1f} ms CPU each"
    )
    for mode, count, got in results:
        print(
            f"summary {mode:<12} client={args.client:<5} clients={count:<3} {got.rate:7.1f} scans/s"
            f"  ratio to raw before ({raw:.1f}) {got.rate / raw:5.2f}, "
            f"after ({after:.1f}) {got.rate / after:5.2f}  "
            f"loop {got.loop_ms:5.1f} ms, machine {got.machine_ms:5.1f} ms a scan"
        )


if __name__ == "__main__":
    main()
