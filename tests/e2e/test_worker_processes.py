"""A service served by several worker processes: every one answers, its metrics port counts all."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from pathlib import Path

import httpx
from prometheus_client import CollectorRegistry
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from tests.broker_cleanup import delete_topology
from tests.processes import running, start_process
from tests.servers import AMQP_URL, REDIS_URL, need

REQUESTS = "ecoeco_http_requests_total"


def livez_count(samples: list[tuple[str, dict[str, str], float]]) -> float:
    """Requests to /livez answered 200, from parsed samples."""
    return sum(
        value
        for name, labels, value in samples
        if name == REQUESTS and labels.get("route") == "/livez" and labels.get("status") == "200"
    )


def parse(text: str) -> list[tuple[str, dict[str, str], float]]:
    """Every sample of a metrics page."""
    return [
        (s.name, dict(s.labels), s.value)
        for family in text_string_to_metric_families(text)
        for s in family.samples
    ]


def per_process(metrics_dir: Path, scratch: Path) -> dict[str, float]:
    """Requests to /livez counted by each worker process, read from its own counter file."""
    counts: dict[str, float] = {}
    for path in metrics_dir.glob("counter_*.db"):
        alone = scratch / path.stem
        alone.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, alone / path.name)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(alone))  # type: ignore[no-untyped-call]
        samples = [(s.name, dict(s.labels), s.value) for m in registry.collect() for s in m.samples]
        counts[path.stem.removeprefix("counter_")] = livez_count(samples)
    return counts


async def test_two_worker_processes_share_the_port_and_their_metrics(
    postgres_url: str, tmp_path: Path
) -> None:
    need("postgres", "redis", "rabbitmq")
    unique = uuid.uuid4().hex[:10]
    metrics_dir = tmp_path / "metrics"
    env = {
        "ECOECO_ENV": "test",
        "ECOECO_DATA_DIR": str(tmp_path / "data"),
        "ECOECO_DATABASE_URL": postgres_url,
        "ECOECO_REDIS_URL": REDIS_URL,
        "ECOECO_REDIS_NAMESPACE": f"test:{unique}:",
        "ECOECO_AMQP_URL": AMQP_URL,
        "ECOECO_AMQP_PREFIX": f"test.{unique}.",
        "ECOECO_WORKERS": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    auth = await asyncio.to_thread(start_process, ["serve", "auth"], env, tmp_path)
    with running(auth):
        sent = 0
        served_by: dict[str, float] = {}
        # Fresh connections, many at once, until both processes have answered some.
        limits = httpx.Limits(max_keepalive_connections=0)
        async with httpx.AsyncClient(base_url=auth.url, timeout=10, limits=limits) as client:
            while sent < 2000 and len([n for n in served_by.values() if n]) < 2:
                answers = await asyncio.gather(*(client.get("/livez") for _ in range(50)))
                assert all(a.status_code == 200 for a in answers)
                sent += len(answers)
                served_by = per_process(metrics_dir, tmp_path / f"scratch-{sent}")
            assert len([n for n in served_by.values() if n]) >= 2, served_by
            assert sum(served_by.values()) == sent
            # The metrics port (served by the supervisor) reports what both served.
            assert (await client.get("/metrics")).status_code == 404
            for _ in range(3):
                page = await client.get(auth.metrics_url)
                assert page.status_code == 200
                assert livez_count(parse(page.text)) == sent
    await delete_topology(env["ECOECO_AMQP_PREFIX"])
