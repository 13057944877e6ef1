"""Which real servers and packages are here; skip or fail (ECOECO_REQUIRE_SERVICES=1) if not.

`scripts/prepare_test_env.py` (run by `make test` and `.ci/run`) starts the servers and
installs the packages where it may; what is still missing names the one command to run.
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import socket
import threading

import pytest

POSTGRES_URL = os.environ.get(
    "ECOECO_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("ECOECO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
AMQP_URL = os.environ.get("ECOECO_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")

REQUIRED = os.environ.get("ECOECO_REQUIRE_SERVICES") == "1"


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:
        return False


PORTS = {"postgres": 5432, "redis": 6379, "rabbitmq": 5672}
PROGRAMS = {"nginx": ("nginx", "/usr/sbin/nginx"), "chromium": ("chromium", "chromium-browser")}
SETUP = "python3 scripts/prepare_test_env.py"


def _postgis_installed() -> bool:
    """True when the PostgreSQL server offers the postgis extension."""
    import asyncpg

    async def ask() -> bool:
        conn = await asyncpg.connect(POSTGRES_URL.replace("+asyncpg", ""), timeout=5)
        try:
            query = "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'"
            return await conn.fetchval(query) == 1
        finally:
            await conn.close()

    found: list[bool] = []
    # A thread of its own: callers may be inside a running event loop.
    worker = threading.Thread(target=lambda: found.append(asyncio.run(ask())))
    worker.start()
    worker.join()
    return bool(found and found[0])


@functools.cache
def available(name: str) -> bool:
    """True when the named server accepts connections, or the named package is installed."""
    if name in PORTS:
        return _port_open("127.0.0.1", PORTS[name])
    if name == "postgis":
        return available("postgres") and _postgis_installed()
    return any(shutil.which(p) or os.path.exists(p) for p in PROGRAMS[name])


def need(*names: str) -> None:
    """Skip the test when a server or package is missing, or fail when they are required."""
    missing = [n for n in names if not available(n)]
    if not missing:
        return
    message = f"not available here: {', '.join(missing)} (`{SETUP}` installs/starts them)"
    if REQUIRED:
        pytest.fail(f"{message} (ECOECO_REQUIRE_SERVICES=1)")
    pytest.skip(message)
