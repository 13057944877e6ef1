"""Entry points: gateway, Ingresses and compose follow the routing table; metrics; proxies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ecoeco.routing import (
    ROUTES,
    compose_name,
    compose_upstreams,
    compose_web_origins,
    nginx_config,
    routed_processes,
)

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
INGRESSES = (
    DEPLOY / "k8s" / "base" / "platform" / "core" / "ingress.yaml",
    DEPLOY / "k8s" / "overlays" / "dev" / "patches" / "ingress.yaml",
    DEPLOY / "k8s" / "overlays" / "prod" / "apps" / "platform" / "patches" / "ingress-alb.yaml",
)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_compose_gateway_config_is_generated_from_the_table() -> None:
    checked_in = (DEPLOY / "docker" / "nginx.conf").read_text(encoding="utf-8")
    assert checked_in == nginx_config(compose_upstreams(), web_origins=compose_web_origins()), (
        "deploy/docker/nginx.conf is stale: run `ecoeco gateway-config > deploy/docker/nginx.conf`"
    )


def test_every_ingress_routes_exactly_the_table() -> None:
    want = {(r.path, "Exact" if r.exact else "Prefix", r.process) for r in ROUTES}
    for path in INGRESSES:
        rules = load(path)["spec"]["rules"]
        assert len(rules) == 1, path
        got = {
            (p["path"], p["pathType"], p["backend"]["service"]["name"])
            for p in rules[0]["http"]["paths"]
        }
        assert got == want, (path, got ^ want)


def test_compose_runs_every_routed_process_behind_the_gateway() -> None:
    services = load(DEPLOY / "docker" / "docker-compose.yml")["services"]
    gateway_deps = set(services["gateway"]["depends_on"])
    for process in routed_processes():
        assert compose_name(process) in services, process
        assert compose_name(process) in gateway_deps, process


def test_the_network_policy_admits_every_routed_process() -> None:
    policy = load(
        DEPLOY / "k8s" / "base" / "platform" / "networkpolicies" / "allow-ingress-to-apis.yaml"
    )
    selector = policy["spec"]["podSelector"]["matchLabels"]
    for process in routed_processes():
        kind = "workers" if compose_name(process) != process else "services"
        deployment = load(DEPLOY / "k8s" / "base" / kind / process / "deployment.yaml")
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= labels.items(), process


def test_the_apps_believe_only_the_proxies_in_front_of_them() -> None:
    compose = load(DEPLOY / "docker" / "docker-compose.yml")
    trusted = json.loads(compose["x-ecoeco"]["environment"]["ECOECO_TRUSTED_PROXIES"])
    gateway = compose["services"]["gateway"]["networks"]["default"]["ipv4_address"]
    assert trusted == [gateway]
    base_file = DEPLOY / "k8s" / "base" / "platform" / "core" / "configmap.yaml"
    base = next(yaml.safe_load_all(base_file.read_text(encoding="utf-8")))
    assert json.loads(base["data"]["ECOECO_TRUSTED_PROXIES"])
    prod = DEPLOY / "k8s" / "overlays" / "prod" / "apps" / "platform" / "patches"
    config = next(yaml.safe_load_all((prod / "config.yaml").read_text(encoding="utf-8")))
    alb = load(prod / "networkpolicy-alb.yaml")["spec"]["ingress"][0]["from"]
    assert json.loads(config["data"]["ECOECO_TRUSTED_PROXIES"]) == [
        b["ipBlock"]["cidr"] for b in alb
    ]


def test_metrics_have_a_port_only_prometheus_reaches() -> None:
    policies = DEPLOY / "k8s" / "base" / "platform" / "networkpolicies"
    for path in sorted(policies.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for policy in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            rules = policy["spec"].get("ingress", [])
            assert all("ports" in rule for rule in rules), f"{path.name} admits every port"
            ports = {p.get("port") for rule in rules for p in rule["ports"]}
            assert (9464 in ports) == (path.name == "allow-monitoring.yaml"), path.name
    for folder in sorted((DEPLOY / "k8s" / "base").glob("*/*/deployment.yaml")):
        if folder.parent.parent.name not in ("services", "workers"):
            continue
        container = load(folder)["spec"]["template"]["spec"]["containers"][0]
        assert {"name": "metrics", "containerPort": 9464, "protocol": "TCP"} in container["ports"]
        service = load(folder.parent / "service.yaml")
        assert {p["name"]: p["port"] for p in service["spec"]["ports"]}["metrics"] == 9464
    monitors = DEPLOY / "k8s" / "base" / "platform" / "monitoring" / "servicemonitors.yaml"
    app_monitor = next(yaml.safe_load_all(monitors.read_text(encoding="utf-8")))
    assert [e["port"] for e in app_monitor["spec"]["endpoints"]] == ["metrics"]
    scrape = load(DEPLOY / "docker" / "prometheus.yml")["scrape_configs"]
    app_targets = [
        t
        for job in scrape
        if job["job_name"].startswith("ecoeco-")
        for c in job["static_configs"]
        for t in c["targets"]
    ]
    assert len(app_targets) == 10
    assert all(t.endswith(":9464") for t in app_targets), app_targets
