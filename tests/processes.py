"""Run `ecoeco` services and workers as real subprocesses for distributed tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

_HANDED_OUT: set[int] = set()
_HANDING_OUT = threading.Lock()


def free_port() -> int:
    """A TCP port nobody listens on right now, and not handed out before in this run.

    The port is free only until someone binds it: a process takes seconds to start, and
    `start_stack` picks the ports of several processes (and each its metrics port) in the
    meantime. Were one picked twice, the later process would fail to bind while the
    earlier answered its readiness probes.
    """
    with _HANDING_OUT:
        for candidate in _candidates():
            if candidate in _HANDED_OUT:
                continue
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", candidate))
                except OSError:
                    continue  # taken
                port = int(sock.getsockname()[1])
            if port not in _HANDED_OUT:
                _HANDED_OUT.add(port)
                return port
        raise RuntimeError(f"no free port left in ECOECO_TEST_PORTS={os.environ[PORTS_ENV]}")


PORTS_ENV = "ECOECO_TEST_PORTS"


def _candidates() -> Iterator[int]:
    """Ports to try: any the system picks, or each of `ECOECO_TEST_PORTS` ("18300-18399").

    On a machine several people share, each keeps the servers they start in their range.
    """
    given = os.environ.get(PORTS_ENV, "").strip()
    if not given:
        while True:
            yield 0
    low, _, high = given.partition("-")
    yield from range(int(low), int(high or low) + 1)


@dataclass
class Process:
    """One running `ecoeco` process and where it listens."""

    name: str
    popen: subprocess.Popen[bytes]
    port: int
    log: Path
    metrics_port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def metrics_url(self) -> str:
        """The metrics page, on the port of its own."""
        return f"http://127.0.0.1:{self.metrics_port}/metrics"

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no acks, nothing flushed."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(10)

    def stop(self) -> None:
        """SIGTERM and wait."""
        stop_popen(self.popen, 15)


def stop_popen(popen: subprocess.Popen[bytes], grace: float = 10) -> None:
    """SIGTERM, wait `grace` seconds, then SIGKILL (nothing if it has already ended)."""
    if popen.poll() is None:
        popen.terminate()
        try:
            popen.wait(grace)
        except subprocess.TimeoutExpired:
            popen.send_signal(signal.SIGKILL)
            popen.wait(10)


READY_SECONDS = float(os.environ.get("ECOECO_TEST_READY_SECONDS", "150"))


def start_process(
    args: list[str],
    env: dict[str, str],
    log_dir: Path,
    port: int | None = None,
    ready_seconds: float = READY_SECONDS,
    python: str = sys.executable,
) -> Process:
    """Start `ecoeco <args>` and wait until it answers /readyz (generously: CI cores are shared).

    `python` is the interpreter of the environment to run it from (this one by default).
    """
    port = port or free_port()
    metrics_port = free_port()
    log = log_dir / f"{'-'.join(args)}-{port}.log"
    full_env = {
        **os.environ,
        **env,
        "ECOECO_PORT": str(port),
        "ECOECO_METRICS_PORT": str(metrics_port),
        "ECOECO_LOG_JSON": "true",
    }
    handle = log.open("wb")
    popen = subprocess.Popen(
        [python, "-m", "ecoeco.cli", *args], env=full_env, stdout=handle, stderr=handle
    )
    process = Process("-".join(args), popen, port, log, metrics_port)
    deadline = time.monotonic() + ready_seconds
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            code = popen.returncode
            raise RuntimeError(f"{process.name} exited ({code}):\n{log.read_text()[-3000:]}")
        try:
            if _answers_as_ecoeco(httpx.get(f"{process.url}/readyz", timeout=1)):
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.stop()
    raise RuntimeError(f"{process.name} never became ready:\n{log.read_text()[-3000:]}")


def _answers_as_ecoeco(response: httpx.Response) -> bool:
    """A ready answer from our own /readyz.

    Anything else on the port (another process's metrics page answers 200 to every
    path) must not pass for this process being ready.
    """
    if response.status_code != 200:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("status") == "ok" and "checks" in body


@contextmanager
def running(*processes: Process) -> Iterator[None]:
    """Stop every process at the end, whatever happened."""
    try:
        yield
    finally:
        for process in processes:
            process.stop()
