"""`ecoeco serve` as a newcomer runs it: a browser on the web app's dev origin may call it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.processes import Process, start_process

WEB = "http://localhost:3000"


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Process]:
    data = tmp_path_factory.mktemp("embedded")
    env = {"ECOECO_DATA_DIR": str(data), "ECOECO_ENV": "development"}
    for name in ("ECOECO_WEB_ORIGINS", "ECOECO_DATABASE_URL", "ECOECO_REDIS_URL"):
        env[name] = ""  # whatever the caller's shell says, this is the default set-up
    # The first start migrates and loads 3,000 demo places: slow on a shared machine.
    process = start_process(["serve"], {k: v for k, v in env.items() if v}, data, ready_seconds=600)
    yield process
    process.stop()


def test_a_preflight_from_the_web_apps_dev_origin_is_allowed(embedded: Process) -> None:
    preflight = httpx.options(
        f"{embedded.url}/api/v1/users/me",
        headers={
            "Origin": WEB,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200, preflight.text
    assert preflight.headers["access-control-allow-origin"] == WEB
    assert preflight.headers["access-control-allow-credentials"] == "true"
    assert "PATCH" in preflight.headers["access-control-allow-methods"]
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()


def test_a_credentialed_request_gets_its_origin_back_and_others_get_nothing(
    embedded: Process,
) -> None:
    login = httpx.post(
        f"{embedded.url}/api/v1/auth/dev/login",
        json={"email": "cors@example.com"},
        headers={"Origin": "http://localhost:5173"},
    )
    assert login.status_code == 200, login.text
    assert login.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert login.headers["access-control-allow-credentials"] == "true"
    assert "retry-after" in login.headers["access-control-expose-headers"].lower()
    me = httpx.get(
        f"{embedded.url}/api/v1/users/me",
        headers={"Origin": WEB, "Authorization": f"Bearer {login.json()['access_token']}"},
    )
    assert me.headers["access-control-allow-origin"] == WEB
    stranger = httpx.options(
        f"{embedded.url}/api/v1/users/me",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert stranger.status_code == 400
    assert "access-control-allow-origin" not in stranger.headers


def test_production_on_sqlite_exits_naming_every_setting(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ECOECO_") or key == "ECOECO_REQUIRE_SERVICES"
    }
    env.update(
        ECOECO_ENV="production",
        ECOECO_DATA_DIR=str(tmp_path),
        ECOECO_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/x.db",
    )
    done = subprocess.run(
        [sys.executable, "-m", "ecoeco.cli", "serve", "scan"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    for setting in (
        "ECOECO_DATABASE_URL",
        "ECOECO_REDIS_URL",
        "ECOECO_AMQP_URL",
        "ECOECO_STORAGE_URL",
        "ECOECO_JWKS_URL",
        "ECOECO_WEB_ORIGINS",
    ):
        assert setting in done.stderr, (setting, done.stderr)
    assert "it is sqlite" in done.stderr
    assert not (tmp_path / "x.db").exists()  # refused before touching anything
