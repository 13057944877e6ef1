"""The deployment assets agree with each other.

Argo CD generates an Application for every folder the prod overlay has, node
roles used by the manifests exist in Terraform's node map, and the workers
scale on the queues the app declares. Needs only pytest and PyYAML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
PROD_APPS = DEPLOY / "k8s" / "overlays" / "prod" / "apps"
SERVICES = {"auth", "users", "scan", "character", "location", "info", "chat"}
WORKERS = {"ai", "storage", "relay"}


def manifests(folder: Path) -> Iterator[dict[str, Any]]:
    for path in sorted(folder.rglob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            if isinstance(doc, dict) and "kind" in doc:
                yield doc


def walk(value: Any) -> Iterator[Any]:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def test_applicationset_has_an_app_per_workload_folder() -> None:
    appset = yaml.safe_load((DEPLOY / "argocd" / "applicationset.yaml").read_text(encoding="utf-8"))
    names = {e["name"] for e in appset["spec"]["generators"][0]["list"]["elements"]}
    assert names == SERVICES | WORKERS | {"platform"}
    folders = {p.parent.name for p in PROD_APPS.glob("*/kustomization.yaml")}
    assert names == folders


def test_every_workload_has_its_base_folder() -> None:
    for name in SERVICES:
        assert (DEPLOY / "k8s" / "base" / "services" / name / "kustomization.yaml").exists()
    for name in WORKERS:
        assert (DEPLOY / "k8s" / "base" / "workers" / name / "kustomization.yaml").exists()


def test_node_roles_exist_in_terraform_node_map() -> None:
    variables = (DEPLOY / "terraform" / "variables.tf").read_text(encoding="utf-8")
    terraform_roles = set(
        re.findall(r'^\s+"([a-z0-9-]+)"\s+=\s+\{\s*tier', variables, re.MULTILINE)
    )
    assert len(terraform_roles) == 14
    used: set[str] = set()
    for doc in manifests(DEPLOY / "k8s"):
        for node in walk(doc):
            if isinstance(node, dict) and node.get("key") in {
                "ecoeco.io/role",
                "ecoeco.io/dedicated",
            }:
                used.update(node.get("values", [node.get("value")]))
            if (
                isinstance(node, dict)
                and "ecoeco.io/role" in node
                and isinstance(node["ecoeco.io/role"], str)
            ):
                used.add(node["ecoeco.io/role"])
    used.discard(None)
    assert used, "no manifest pins a node role"
    assert used <= terraform_roles, used - terraform_roles


def test_workers_scale_on_their_queues() -> None:
    queues = {}
    for doc in manifests(DEPLOY / "k8s" / "base" / "workers"):
        if doc["kind"] == "ScaledObject":
            queues[doc["metadata"]["name"]] = doc["spec"]["triggers"][0]["metadata"]["queueName"]
    # The storage worker consumes no queue: it serves uploads and scales on CPU (HPA).
    assert queues == {"ai": "ecoeco.ai"}


def test_every_workload_has_probes_limits_and_a_pdb() -> None:
    pdbs = set()
    for doc in manifests(DEPLOY / "k8s" / "base"):
        if doc["kind"] == "PodDisruptionBudget":
            pdbs.add(doc["metadata"]["name"])
        if doc["kind"] not in {"Deployment", "StatefulSet", "DaemonSet"}:
            continue
        spec = doc["spec"]["template"]["spec"]
        for container in spec["containers"]:
            assert "livenessProbe" in container, container["name"]
            assert "readinessProbe" in container, container["name"]
            assert container["resources"]["limits"], container["name"]
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
            assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert SERVICES | WORKERS | {"postgres", "redis", "rabbitmq"} <= pdbs


def test_compose_runs_every_service_worker_and_dependency() -> None:
    compose = yaml.safe_load((DEPLOY / "docker" / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    for name in SERVICES:
        assert services[name]["command"] == ["serve", name]
    for name in WORKERS:
        assert services[f"worker-{name}"]["command"] == ["worker", name]
    expected = {"postgres", "redis", "rabbitmq", "minio", "migrate", "prometheus", "grafana"}
    assert expected <= set(services)
    assert services["migrate"]["command"] == ["migrate"]
