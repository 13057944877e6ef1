"""The servers keep idle connections open longer than any proxy in front of them does.

A proxy that reuses an idle connection at the moment the server closes it gets a reset
(a 502 for its caller): the proxy must always be the side that closes. nginx keeps
idle upstream connections `keepalive_timeout` (60 s unless set); the ALB its
`idle_timeout.timeout_seconds`.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ecoeco.routing import compose_upstreams, nginx_config
from ecoeco.serving import ServerSettings

ROOT = Path(__file__).resolve().parents[2]
PROD = ROOT / "deploy" / "k8s" / "overlays" / "prod" / "apps" / "platform" / "patches"
NGINX_DEFAULT_KEEPALIVE_TIMEOUT = 60


def _seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m)?", value.strip()).groups()  # type: ignore[union-attr]
    return int(number) * (60 if unit == "m" else 1)


def test_the_default_outlasts_the_gateway_nginx() -> None:
    config = nginx_config(compose_upstreams(), listen="8080")
    assert "keepalive " in config  # connections to the apps are reused
    timeouts = [_seconds(v) for v in re.findall(r"keepalive_timeout\s+([^;]+);", config)]
    longest = max(timeouts, default=NGINX_DEFAULT_KEEPALIVE_TIMEOUT)
    assert ServerSettings().keep_alive_seconds > longest


def test_production_outlasts_the_alb() -> None:
    ingress = yaml.safe_load((PROD / "ingress-alb.yaml").read_text(encoding="utf-8"))
    attributes = ingress["metadata"]["annotations"][
        "alb.ingress.kubernetes.io/load-balancer-attributes"
    ]
    idle = int(re.search(r"idle_timeout\.timeout_seconds=(\d+)", attributes).group(1))  # type: ignore[union-attr]
    config = next(
        doc
        for doc in yaml.safe_load_all((PROD / "config.yaml").read_text(encoding="utf-8"))
        if doc["metadata"]["name"] == "ecoeco-config"
    )
    keep_alive = int(config["data"].get("ECOECO_KEEP_ALIVE_SECONDS", 0)) or (
        ServerSettings().keep_alive_seconds
    )
    assert keep_alive > idle
