"""Stop and start this machine's real servers, with the same commands .ci/run uses."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest

from tests.servers import REQUIRED


def _run(*args: str) -> None:
    subprocess.run(
        args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
    )


def _wait_port(port: int, *, open_: bool, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                up = True
        except OSError:
            up = False
        if up == open_:
            return
        time.sleep(0.2)
    raise TimeoutError(f"port {port} did not become {'open' if open_ else 'closed'}")


def require_control() -> None:
    """Chaos needs root and the servers' own tools; skip (or fail in CI) otherwise."""
    tools = ("redis-cli", "redis-server", "rabbitmqctl", "pg_ctlcluster")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if os.geteuid() != 0 or missing:
        message = f"chaos tests need root and {', '.join(missing) or 'root'}"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)


def _pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def redis_stop() -> None:
    _run("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave")
    _wait_port(6379, open_=False)


def redis_start() -> None:
    os.makedirs("/var/lib/redis", exist_ok=True)
    os.makedirs("/var/log/redis", exist_ok=True)
    _run(
        "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
        "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
        "--logfile", "/var/log/redis/ci.log",
    )  # fmt: skip
    _wait_port(6379, open_=True)


def rabbitmq_stop() -> None:
    _run("rabbitmqctl", "stop_app")
    _wait_port(5672, open_=False)


def rabbitmq_start() -> None:
    _run("rabbitmqctl", "start_app")
    _wait_port(5672, open_=True)


def postgres_stop() -> None:
    _run("pg_ctlcluster", "--skip-systemctl-redirect", _pg_version(), "main", "stop", "-m", "fast")
    _wait_port(5432, open_=False)


def postgres_start() -> None:
    _run("pg_ctlcluster", "--skip-systemctl-redirect", _pg_version(), "main", "start")
    _wait_port(5432, open_=True)
