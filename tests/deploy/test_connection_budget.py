"""Every process's connection pool, at every workload's largest scale, fits PostgreSQL.

Each process may hold `ECOECO_DATABASE_POOL_SIZE + ECOECO_DATABASE_MAX_OVERFLOW`
connections (the overflow must be 0: overflow connections are closed on return, so
every burst would reconnect); a pod runs `ECOECO_WORKERS` processes; a Deployment
runs up to its autoscaler's maximum, plus one surge pod during a rolling update. Summed
over every PostgreSQL client, with the jobs, the exporter and the superuser reserve, the total
must leave a tenth of `max_connections` for operators. Read from the manifests as
they are in git (the prod overlay changes neither scale nor pools), and from compose.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ecoeco.core.settings import CoreSettings
from ecoeco.serving import ServerSettings

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
PROD = K8S / "overlays" / "prod"
COMPOSE = ROOT / "deploy" / "docker" / "docker-compose.yml"
CLIENT_LABEL = "ecoeco.io/postgres-client"
SUPERUSER_RESERVED = 3  # PostgreSQL's default superuser_reserved_connections
OPERATOR_SHARE = 0.1  # left for psql sessions, ad-hoc jobs and a second migration
JOB_CONNECTIONS = 2  # a migration or a dump: one connection, one spare
POSTGRES_DEFAULT_MAX = 100


def _documents(folder: Path) -> list[dict[str, Any]]:
    found = []
    for path in sorted(folder.rglob("*.yaml")):
        if path.name != "kustomization.yaml":
            found += [d for d in yaml.safe_load_all(path.read_text("utf-8")) if d]
    return found


def _pool(env: dict[str, str]) -> tuple[int, int]:
    """Connections a process keeps, and the overflow it may open (and closes on return)."""
    fields = CoreSettings.model_fields
    pool = env.get("ECOECO_DATABASE_POOL_SIZE", fields["database_pool_size"].default)
    overflow = env.get("ECOECO_DATABASE_MAX_OVERFLOW", fields["database_max_overflow"].default)
    return int(pool), int(overflow)


def _workers(env: dict[str, str], cpu_limit: str | None) -> int:
    workers = int(env.get("ECOECO_WORKERS", ServerSettings.model_fields["workers"].default))
    if workers == 0:  # one per CPU the pod may use
        cpu = cpu_limit or "1"
        workers = math.ceil(int(cpu[:-1]) / 1000 if cpu.endswith("m") else float(cpu))
    return workers


def _surge(deployment: dict[str, Any], pods: int) -> int:
    strategy = deployment["spec"].get("strategy", {})
    if strategy.get("type") == "Recreate":
        return 0
    surge = strategy.get("rollingUpdate", {}).get("maxSurge", "25%")
    if isinstance(surge, str) and surge.endswith("%"):
        return math.ceil(pods * int(surge[:-1]) / 100)
    return int(surge)


@dataclass(frozen=True)
class Share:
    """One workload's part of the budget."""

    name: str
    pods: int
    processes: int
    per_process: int
    overflow: int = 0

    @property
    def connections(self) -> int:
        """The most this workload can hold at once."""
        return self.pods * self.processes * self.per_process


def _k8s_shares(docs: list[dict[str, Any]], config: dict[str, str]) -> list[Share]:
    scale: dict[str, int] = {}
    for doc in docs:
        if doc["kind"] == "HorizontalPodAutoscaler":
            scale[doc["spec"]["scaleTargetRef"]["name"]] = doc["spec"]["maxReplicas"]
        if doc["kind"] == "ScaledObject":
            scale[doc["spec"]["scaleTargetRef"]["name"]] = doc["spec"]["maxReplicaCount"]
    shares = []
    for doc in docs:
        if doc["kind"] != "Deployment":
            continue
        template = doc["spec"]["template"]
        if template["metadata"]["labels"].get(CLIENT_LABEL) != "true":
            continue
        name = doc["metadata"]["name"]
        (container,) = template["spec"]["containers"]
        env = dict(config)
        env.update({e["name"]: e["value"] for e in container.get("env", []) if "value" in e})
        pods = scale.get(name, doc["spec"].get("replicas", 1))
        cpu = container.get("resources", {}).get("limits", {}).get("cpu")
        pool, overflow = _pool(env)
        processes = _workers(env, cpu)
        shares.append(Share(name, pods + _surge(doc, pods), processes, pool + overflow, overflow))
    return shares


def _max_connections(args: list[str]) -> int:
    joined = " ".join(args)
    found = re.search(r"max_connections=(\d+)", joined)
    return int(found.group(1)) if found else POSTGRES_DEFAULT_MAX


def _check(shares: list[Share], others: int, limit: int) -> None:
    # A connection the budget allows is kept (tests/integration/db/test_pool_reuse.py).
    reopened = [s.name for s in shares if s.overflow]
    assert not reopened, f"overflow connections, reopened on every burst: {reopened}"
    total = sum(s.connections for s in shares) + others + SUPERUSER_RESERVED
    table = "\n".join(
        f"{s.name}: {s.pods} pods x {s.processes} x {s.per_process} = {s.connections}"
        for s in shares
    )
    allowed = limit * (1 - OPERATOR_SHARE)
    assert total <= allowed, f"{total} > {allowed:.0f} of {limit}:\n{table}"


def test_the_cluster_budget_fits_max_connections() -> None:
    docs = _documents(K8S / "base")
    prod_text = "\n".join(p.read_text("utf-8") for p in PROD.rglob("*.yaml"))
    # The prod overlay keeps the base's scale: otherwise render it here instead.
    assert "maxReplica" not in prod_text
    config: dict[str, str] = {}
    for doc in docs + _documents(PROD):
        if doc["kind"] == "ConfigMap" and doc["metadata"]["name"] == "ecoeco-config":
            config.update(doc["data"])
    shares = _k8s_shares(docs, config)
    assert {s.name for s in shares} >= {"auth", "users", "scan", "chat", "ai", "relay"}
    postgres = next(
        d for d in docs if d["kind"] == "StatefulSet" and d["metadata"]["name"] == "postgres"
    )
    containers = {c["name"]: c for c in postgres["spec"]["template"]["spec"]["containers"]}
    jobs = [
        d
        for d in docs
        if d["kind"] in ("Job", "CronJob")
        and CLIENT_LABEL in yaml.safe_dump(d)  # their pod templates carry the label
    ]
    assert len(jobs) >= 2  # the migration and the nightly dump
    exporters = len(containers) - 1
    others = JOB_CONNECTIONS * len(jobs) + exporters
    _check(shares, others, _max_connections(containers["postgres"].get("args", [])))


def test_the_compose_budget_fits_max_connections() -> None:
    compose = yaml.safe_load(COMPOSE.read_text("utf-8"))
    services = compose["services"]
    shares = []
    for name, service in services.items():
        env = {k: str(v) for k, v in (service.get("environment") or {}).items()}
        command = service.get("command") or []
        if "ECOECO_DATABASE_URL" in env and command and command[0] in ("serve", "worker"):
            pool, overflow = _pool(env)
            shares.append(Share(name, 1, _workers(env, None), pool + overflow, overflow))
    assert len(shares) >= 10
    others = JOB_CONNECTIONS + 1  # the migration, the exporter
    command = services["postgres"].get("command") or []
    _check(shares, others, _max_connections([str(c) for c in command]))
