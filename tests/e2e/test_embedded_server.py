"""`ecoeco serve` as a newcomer runs it: a browser on the web app's dev origin may call it."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ecoeco.core.security.keys import SigningKey
from tests.processes import Process, free_port, start_process
from tests.production_env import PRODUCTION
from tests.servers import POSTGRES_URL, need

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


def run_cli(tmp_path: Path, args: list[str], **settings: str) -> subprocess.CompletedProcess[str]:
    """Run `ecoeco ARGS` with only these ECOECO_ settings and its data under `tmp_path`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ECOECO_") or key == "ECOECO_REQUIRE_SERVICES"
    }
    env.update(ECOECO_DATA_DIR=str(tmp_path), **settings)
    return subprocess.run(
        [sys.executable, "-m", "ecoeco.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def refused(tmp_path: Path, args: list[str], **settings: str) -> str:
    """Run `ecoeco ARGS`; assert it refused with a message, not a traceback; return stderr."""
    done = run_cli(tmp_path, args, **settings)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert "Error:" not in done.stderr, done.stderr
    return done.stderr


def test_production_on_sqlite_exits_naming_every_setting(tmp_path: Path) -> None:
    stderr = refused(
        tmp_path,
        ["serve", "scan"],
        ECOECO_ENV="production",
        ECOECO_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/x.db",
    )
    for setting in (
        "ECOECO_DATABASE_URL",
        "ECOECO_REDIS_URL",
        "ECOECO_AMQP_URL",
        "ECOECO_STORAGE_URL",
        "ECOECO_JWKS_URL",
        "ECOECO_WEB_ORIGINS",
    ):
        assert setting in stderr, (setting, stderr)
    assert "it is sqlite" in stderr
    assert not (tmp_path / "x.db").exists()  # refused before touching anything


def test_production_with_its_key_files_not_mounted_exits_naming_them(tmp_path: Path) -> None:
    stderr = refused(
        tmp_path,
        ["serve"],
        **{
            **PRODUCTION,
            "ECOECO_JWT_PRIVATE_KEY_FILE": f"{tmp_path}/secrets/jwt.pem",
            "ECOECO_ERASURE_KEY_FILE": f"{tmp_path}/secrets/erasure.key",
        },
    )
    assert stderr.startswith("refusing to run in production:"), stderr
    assert f"ECOECO_JWT_PRIVATE_KEY_FILE names {tmp_path}/secrets/jwt.pem" in stderr
    assert f"ECOECO_ERASURE_KEY_FILE names {tmp_path}/secrets/erasure.key" in stderr


def production_with_keys(tmp_path: Path) -> dict[str, str]:
    """The production settings, with key files written under `tmp_path`."""
    key, erasure = tmp_path / "jwt.pem", tmp_path / "erasure.key"
    key.write_bytes(SigningKey.generate().to_pem())
    erasure.write_bytes(os.urandom(32))
    return {
        **PRODUCTION,
        "ECOECO_JWT_PRIVATE_KEY_FILE": str(key),
        "ECOECO_ERASURE_KEY_FILE": str(erasure),
    }


def test_production_with_insecure_session_cookies_exits_naming_the_setting(
    tmp_path: Path,
) -> None:
    stderr = refused(
        tmp_path,
        ["serve", "auth"],
        **production_with_keys(tmp_path),
        ECOECO_AUTH_COOKIE_SECURE="false",
    )
    assert stderr == (
        "refusing to run in production:\n"
        "  - ECOECO_AUTH_COOKIE_SECURE must stay true in production\n"
    ), stderr


def test_only_processes_that_serve_browsers_need_the_web_origins(tmp_path: Path) -> None:
    lacking = {
        key: value
        for key, value in PRODUCTION.items()
        if key not in ("ECOECO_WEB_ORIGINS", "ECOECO_REDIS_URL") and not key.endswith("_FILE")
    }  # and Redis, so that every process refuses at once
    ai = refused(tmp_path, ["worker", "ai"], **lacking)
    assert "ECOECO_REDIS_URL" in ai, ai
    assert "ECOECO_WEB_ORIGINS" not in ai, ai  # it serves /livez, /readyz and no browser
    uploads = refused(tmp_path, ["worker", "storage"], **lacking)  # the browser's uploads
    assert "ECOECO_WEB_ORIGINS must list the web app's origins" in uploads, uploads


def test_a_setting_that_does_not_parse_exits_naming_its_variable(tmp_path: Path) -> None:
    stderr = refused(tmp_path, ["serve"], ECOECO_WEB_ORIGINS="https://app.example")
    assert "ECOECO_WEB_ORIGINS: Input should be a valid list (a JSON list" in stderr, stderr
    stderr = refused(
        tmp_path,
        ["serve"],
        ECOECO_SCAN_SSE_HEARTBEAT_SECONDS="soon",
        ECOECO_AI_CLASSIFIER="onnx",
    )
    assert stderr.startswith("refusing to start:"), stderr
    assert "ECOECO_SCAN_SSE_HEARTBEAT_SECONDS: Input should be a valid number" in stderr
    assert "classifier 'onnx' needs ECOECO_AI_MODEL_PATH" in stderr  # and every other one
    assert not (tmp_path / "ecoeco.db").exists()  # refused before migrating anything


def test_migrate_logs_each_migration_and_not_alembics_plugin_set_up(tmp_path: Path) -> None:
    done = run_cli(tmp_path, ["migrate"])
    assert done.returncode == 0, done.stderr
    assert "Running upgrade" in done.stdout
    assert "setup plugin" not in done.stdout


def test_a_server_database_lacking_migrations_is_refused_naming_the_command(
    tmp_path: Path,
) -> None:
    need("postgres", "postgis")
    from alembic.script import ScriptDirectory
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    from ecoeco.migrations import alembic_config, upgrade

    name = f"ecoeco_test_{uuid.uuid4().hex[:10]}"
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    total = len(list(ScriptDirectory.from_config(alembic_config(url)).walk_revisions()))

    async def run(sql: str, on: str = POSTGRES_URL) -> None:
        engine = create_async_engine(on, isolation_level="AUTOCOMMIT")
        async with engine.connect() as conn:
            await conn.execute(text(sql))
        await engine.dispose()

    asyncio.run(run(f'CREATE DATABASE "{name}"'))
    try:
        fresh = refused(tmp_path, ["serve", "users"], ECOECO_DATABASE_URL=url)
        assert fresh.startswith(
            "refusing to start:\n  - the database named by ECOECO_DATABASE_URL lacks "
            f"{total} migration(s) of this release ("
        ), fresh
        assert fresh.endswith("): run `ecoeco migrate` first\n"), fresh
        upgrade(url, "auth_0002")  # one branch, partly: an older release's database
        behind = refused(tmp_path, ["worker", "ai"], ECOECO_DATABASE_URL=url)
        assert f"lacks {total - 2} migration(s)" in behind, behind
        assert run_cli(tmp_path, ["migrate"], ECOECO_DATABASE_URL=url).returncode == 0
        # A newer release migrated further (it may add a branch): this one still starts,
        # as a rollback needs.
        asyncio.run(run("INSERT INTO alembic_version VALUES ('future_0001')", on=url))
        env = {"ECOECO_DATA_DIR": str(tmp_path), "ECOECO_DATABASE_URL": url}
        start_process(["serve", "users"], env, tmp_path).stop()
    finally:
        asyncio.run(run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_production_with_its_metrics_port_taken_exits_naming_the_setting(
    tmp_path: Path,
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", free_port()))
        taken.listen()
        port = taken.getsockname()[1]
        stderr = refused(
            tmp_path,
            ["serve", "users"],
            **production_with_keys(tmp_path),
            ECOECO_METRICS_PORT=str(port),
        )
    assert stderr.startswith("refusing to start:\n  - ECOECO_METRICS_PORT: cannot listen on "), (
        stderr
    )
    assert f"127.0.0.1:{port}" in stderr, stderr
