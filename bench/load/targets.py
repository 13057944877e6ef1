"""What the load runs against: the embedded server, or the distributed stack on this machine."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = os.environ.get(
    "ECOECO_LOAD_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)

# Documented settings, raised for the load only (one person per virtual user, but many of
# them, and quick repeat logins after a failed refresh); the defaults stay as they are.
LOAD_ENV = {
    "ECOECO_LOG_LEVEL": "WARNING",
    "ECOECO_AUTH_LOGIN_LIMIT_PER_IP": "100000/minute",
    "ECOECO_AUTH_LOGIN_LIMIT_PER_IDENTITY": "100000/minute",
    "ECOECO_AUTH_REFRESH_LIMIT_PER_IP": "100000/minute",
    "ECOECO_AUTH_REFRESH_LIMIT_PER_FAMILY": "100000/minute",
    "ECOECO_CHAT_RATE_PER_MINUTE": "100000",
    "ECOECO_SCAN_LIMIT_PER_USER": "100000/minute",
    "ECOECO_STORAGE_UPLOAD_LIMIT_PER_USER": "100000/minute",
    "ECOECO_CHAT_CONVERSATION_LIMIT_PER_USER": "100000/minute",
    # The product's outbox poll (the test stack polls every 0.2 s to finish tests sooner;
    # every process would then look for unpublished rows five times a second).
    "ECOECO_OUTBOX_POLL_SECONDS": "0.5",
    # Embedding vectors of the knowledge base kept between runs (keyed by its version),
    # so no run spends its measured minutes building them (the index of a fresh data
    # directory takes a minute or more of CPU).
    "ECOECO_CHAT_EMBEDDING_CACHE_DIR": str(Path.home() / ".cache" / "ecoeco-chat"),
}


def cache_vectors() -> None:
    """Embed the knowledge base into the shared vector cache now, unless it is there.

    Every process that searches (info, chat, ai) builds the index at start-up from this
    cache; without it each of them embeds the whole knowledge base on its own, a minute
    or more of a core apiece, during the measured minutes (and the figures measure that).
    """
    from ecoeco.composition.shared import Shared

    started = time.perf_counter()
    shared = Shared(Path(LOAD_ENV["ECOECO_CHAT_EMBEDDING_CACHE_DIR"]))
    shared.index.build()
    print(f"knowledge vectors ready in {time.perf_counter() - started:.1f} s", flush=True)


@dataclass
class Target:
    """A running system under test: where to send requests, and how to stop it."""

    host: str
    service_urls: dict[str, str] = field(default_factory=dict)
    metrics_urls: dict[str, str] = field(default_factory=dict)
    stoppers: list[Callable[[], object]] = field(default_factory=list)
    pids: dict[str, int] = field(default_factory=dict)  # server processes, for profilers
    database: str | None = None  # the PostgreSQL database this run created

    def stop(self) -> None:
        """Stop everything this target started, last started first."""
        for stopper in reversed(self.stoppers):
            try:
                stopper()
            except Exception as exc:  # keep stopping the rest
                print(f"stopping: {exc}", file=sys.stderr)


def _free_port() -> int:
    """A free port; within `ECOECO_TEST_PORTS` ("18300-18399") when that is set."""
    from tests.processes import free_port

    return free_port()


def _wait_ready(url: str, popen: subprocess.Popen[bytes], seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise SystemExit(f"the server exited with {popen.returncode}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    popen.kill()
    raise SystemExit(f"{url} did not become ready")


def start_embedded(workdir: Path) -> Target:
    """`ecoeco serve`: every service in one process on SQLite (it seeds demo places itself)."""
    cache_vectors()
    port, metrics_port = _free_port(), _free_port()
    env = {
        **os.environ,
        **LOAD_ENV,
        "ECOECO_ENV": "development",
        "ECOECO_DATA_DIR": str(workdir / "data"),
        "ECOECO_PORT": str(port),
        "ECOECO_METRICS_PORT": str(metrics_port),
    }
    for name in ("ECOECO_DATABASE_URL", "ECOECO_REDIS_URL", "ECOECO_AMQP_URL"):
        env.pop(name, None)
    log = (workdir / "server.log").open("wb")
    popen = subprocess.Popen(
        [sys.executable, "-m", "ecoeco.cli", "serve"], env=env, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"

    def stop() -> None:
        popen.terminate()
        popen.wait(30)

    metrics = {"all": f"http://127.0.0.1:{metrics_port}/metrics"}
    target = Target(host=url, metrics_urls=metrics, stoppers=[stop], pids={"all": popen.pid})
    try:
        _wait_ready(url, popen)
    except BaseException:
        target.stop()
        raise
    return target


async def _admin(sql: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(sql))
    finally:
        await engine.dispose()


def postgres_sessions(target: Target) -> tuple[int, int] | None:
    """Sessions ever opened on the target's database, and backends open now (None
    without PostgreSQL): a new session is a backend forked and authenticated."""
    if target.database is None:
        return None
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def read() -> tuple[int, int]:
        engine = create_async_engine(ADMIN_URL)
        try:
            async with engine.connect() as conn:
                sql = "SELECT sessions, numbackends FROM pg_stat_database WHERE datname = :db"
                row = (await conn.execute(text(sql), {"db": target.database})).one()
                return int(row[0]), int(row[1])
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _seed_places(env: dict[str, str], count: int) -> None:
    """Load demo places through the importer CLI (what an operator would run)."""
    subprocess.run(
        [sys.executable, "-m", "ecoeco.cli", "seed", "--count", str(count)],
        env={**os.environ, **env},
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=300,
    )


def start_distributed(workdir: Path, places: int = 2000, *, gateway: bool = True) -> Target:
    """Every service and worker as its own process on PostgreSQL, Redis, RabbitMQ and S3.

    With `gateway`, the load goes through nginx configured from the routing table (as in
    production, one address for everything); without, straight to each process.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("ECOECO_TEST_READY_SECONDS", "600")
    cache_vectors()
    from tests.stack import start_stack

    from ecoeco.migrations import upgrade

    name = f"ecoeco_load_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    target = Target(host="", database=name)
    target.stoppers.append(lambda: asyncio.run(_admin(f'DROP DATABASE "{name}" WITH (FORCE)')))
    try:
        upgrade(url)
        stack = start_stack(url, workdir, extra_env={**LOAD_ENV, "ECOECO_ENV": "development"})
        target.stoppers.append(stack.stop)
        _seed_places(stack.env, places)
    except BaseException:
        target.stop()
        raise
    target.service_urls = {n: p.url for n, p in stack.processes.items()}
    target.pids = {n: p.popen.pid for n, p in stack.processes.items()}
    target.metrics_urls = {n: p.metrics_url for n, p in stack.processes.items()}
    target.host = target.service_urls["auth"]
    if gateway:
        from tests.gateway import start_gateway

        from ecoeco.routing import routed_processes

        upstreams = {
            n: [target.service_urls[n].removeprefix("http://")] for n in routed_processes()
        }
        proxy = start_gateway(workdir / "gateway", upstreams)
        target.stoppers.append(proxy.stop)
        target.host, target.service_urls = proxy.url, {}
    return target


def warm_up(target: Target) -> None:
    """One person's journey before the measured load: models load on first use, not mid-run."""
    from bench.load.photo import coffee_jpeg

    def at(service: str, path: str) -> str:
        return target.service_urls.get(service, target.host) + path

    with httpx.Client(timeout=120) as client:
        login = client.post(
            at("auth", "/api/v1/auth/dev/login"), json={"email": "warm-up@example.com"}
        )
        login.raise_for_status()
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        upload = client.post(
            at("storage", "/api/v1/scan/uploads"),
            files={"file": ("coffee.jpg", coffee_jpeg(), "image/jpeg")},
            headers=auth,
        )
        upload.raise_for_status()
        scan = client.post(
            at("scan", "/api/v1/scan"), json={"image_key": upload.json()["image_key"]}, headers=auth
        )
        scan.raise_for_status()
        with client.stream("GET", at("scan", scan.json()["events_url"]), headers=auth) as events:
            for _ in events.iter_lines():
                pass
        chat = client.post(at("chat", "/api/v1/chat"), json={}, headers=auth)
        chat.raise_for_status()
        answer = client.post(
            at("chat", f"/api/v1/chat/{chat.json()['id']}/messages"),
            json={"text": "페트병 어떻게 버려?"},
            headers={**auth, "Accept": "application/json"},
        )
        answer.raise_for_status()
        client.get(at("info", "/api/v1/info/items"), params={"q": "페트병"}, headers=auth)
