"""Which real servers answer here; skip or fail (ECOECO_REQUIRE_SERVICES=1) when one does not."""

from __future__ import annotations

import functools
import os
import socket

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


@functools.cache
def available(name: str) -> bool:
    """True when the named server accepts connections."""
    ports = {"postgres": 5432, "redis": 6379, "rabbitmq": 5672}
    return _port_open("127.0.0.1", ports[name])


def need(*names: str) -> None:
    """Skip the test when a server is missing, or fail when servers are required."""
    missing = [n for n in names if not available(n)]
    if not missing:
        return
    message = f"server(s) not reachable: {', '.join(missing)}"
    if REQUIRED:
        pytest.fail(f"{message} (ECOECO_REQUIRE_SERVICES=1)")
    pytest.skip(message)
