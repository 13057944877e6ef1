"""What the gateway refuses itself reads like what the apps refuse: a body over nginx's own
limit gets the apps' JSON error and, for an allowed web origin, the apps' CORS headers
(without them a web app on another origin sees only a network error)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from ecoeco.routing import GATEWAY_MAX_BODY_BYTES, routed_processes
from tests.gateway import Gateway, start_gateway
from tests.processes import Process, start_process
from tests.servers import need

ORIGIN = "https://app.example.org"
MB = 1024 * 1024
CORS = (
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-expose-headers",
)


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    """nginx from the routing table in front of a real storage worker (it takes uploads)."""
    need("nginx")
    folder = tmp_path_factory.mktemp("refusals")
    env = {
        "ECOECO_DATA_DIR": str(folder),
        "ECOECO_ENV": "test",
        "ECOECO_LOG_LEVEL": "WARNING",
        "ECOECO_WEB_ORIGINS": json.dumps([ORIGIN]),
    }
    for name in ("ECOECO_DATABASE_URL", "ECOECO_REDIS_URL", "ECOECO_AMQP_URL"):
        env[name] = ""
    migrate = [sys.executable, "-m", "ecoeco.cli", "migrate"]
    subprocess.run(migrate, env={**os.environ, **env}, check=True, capture_output=True)
    storage: Process = start_process(["worker", "storage"], env, folder)
    try:
        upstreams = {p: [f"127.0.0.1:{storage.port}"] for p in routed_processes()}
        running = start_gateway(folder / "gateway", upstreams, web_origins=[ORIGIN])
        yield running
        running.stop()
    finally:
        storage.stop()


def upload(gateway: Gateway, size: int, origin: str) -> httpx.Response:
    files = {"file": ("big.jpg", b"\xff\xd8\xff" + bytes(size), "image/jpeg")}
    return httpx.post(
        f"{gateway.url}/api/v1/scan/uploads", files=files, headers={"Origin": origin}, timeout=60
    )


def test_a_body_over_the_gateway_limit_is_refused_as_the_apps_refuse_theirs(
    gateway: Gateway,
) -> None:
    assert 12 * MB < 13 * MB < GATEWAY_MAX_BODY_BYTES < 17 * MB
    own = upload(gateway, 13 * MB, ORIGIN)  # over the app's multipart limit only
    refused = upload(gateway, 17 * MB, ORIGIN)  # over nginx's too
    assert own.status_code == 413, own.text
    assert own.headers.get("x-upstream"), "the app answered the smaller body"
    assert own.headers["access-control-allow-origin"] == ORIGIN

    assert refused.status_code == 413
    assert "x-upstream" not in refused.headers, "nginx answered the larger body itself"
    assert refused.headers["content-type"] == "application/json", refused.text[:300]
    limit = GATEWAY_MAX_BODY_BYTES // 1024
    message = f"the request body may be at most {limit} KB"
    assert refused.json() == {"error": {"code": "payload_too_large", "message": message}}
    assert own.json()["error"].keys() == refused.json()["error"].keys()
    for name in CORS:
        assert refused.headers.get(name) == own.headers.get(name), name
    assert "Origin" in refused.headers["vary"]
    assert refused.headers["x-request-id"]
    assert refused.headers["x-content-type-options"] == "nosniff"


def test_a_streamed_body_is_refused_the_same_way_once_past_the_limit(gateway: Gateway) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: nginx counts as it reads
        for _ in range(17):
            yield bytes(MB)

    refused = httpx.post(
        f"{gateway.url}/api/v1/scan/uploads",
        content=chunks(),
        headers={"Origin": ORIGIN, "Content-Type": "image/jpeg"},
        timeout=60,
    )
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == "payload_too_large"
    assert refused.headers["access-control-allow-origin"] == ORIGIN


def test_another_origin_gets_the_json_but_no_cors_headers(gateway: Gateway) -> None:
    refused = upload(gateway, 17 * MB, "https://elsewhere.example")
    assert refused.status_code == 413
    assert refused.json()["error"]["code"] == "payload_too_large"
    for name in CORS:
        assert name not in refused.headers, name
