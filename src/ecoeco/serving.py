"""How a process serves HTTP: uvicorn's settings and how many worker processes it runs."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

import uvicorn
from fastapi import FastAPI
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ecoeco.composition import build_app, refuse_unusable_settings
from ecoeco.core.cpu import available_cpus
from ecoeco.core.observability.exporter import serve_metrics
from ecoeco.core.observability.logging import configure_logging
from ecoeco.core.settings import CoreSettings, Environment, SettingsRefused

log = logging.getLogger(__name__)

NAMES_VARIABLE = "ECOECO_SERVE_NAMES"  # handed from the supervisor to its worker processes
MULTIPROC_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


class ServerSettings(BaseSettings):
    """uvicorn's settings (`ECOECO_` variables).

    `keep_alive_seconds` must stay above the idle timeout of whatever keeps connections
    open in front of the server (nginx's upstream `keepalive_timeout`, 60 s by default;
    the AWS ALB's idle timeout, 60 s by default): the proxy must always be the side that
    closes an idle connection, or it may send a request on a connection the server is
    closing at that instant, and the client sees a reset.
    """

    model_config = SettingsConfigDict(env_prefix="ECOECO_", extra="ignore")

    workers: int = Field(default=1, ge=0, le=64)  # 0: one per CPU this process may use
    keep_alive_seconds: int = Field(default=75, ge=1)
    http: Literal["auto", "h11", "httptools"] = "auto"
    loop: Literal["auto", "asyncio", "uvloop"] = "auto"
    backlog: int = Field(default=2048, ge=64)
    graceful_shutdown_seconds: int = Field(default=10, ge=0)
    # A worker process must answer the supervisor's ping within this time, or it is
    # replaced. Generous: a new worker imports every service before it can answer.
    worker_healthcheck_seconds: int = Field(default=60, ge=1)


def worker_count(server: ServerSettings, core: CoreSettings) -> int:
    """How many processes serve: one in the embedded mode (its state lives in the process)."""
    if core.embedded:
        if server.workers > 1:
            log.warning("the embedded mode runs one process; ECOECO_WORKERS is ignored")
        return 1
    return server.workers or available_cpus()


def _label(names: list[str] | None) -> str:
    return "all" if not names else "+".join(names)


def http_protocol(name: str = "auto") -> str | type[asyncio.Protocol]:
    """The HTTP protocol uvicorn runs: httptools' (the default when it is installed) with a
    response's headers in the same write as its body (`core.server_protocol`)."""
    if name == "h11" or (name == "auto" and importlib.util.find_spec("httptools") is None):
        return name
    from ecoeco.core.server_protocol import HttpToolsOneWriteProtocol

    return HttpToolsOneWriteProtocol


def _uvicorn_options(server: ServerSettings, core: CoreSettings) -> dict[str, Any]:
    return {
        "host": core.host,
        "port": core.port,
        "log_config": None,
        "proxy_headers": False,  # the app resolves them (ECOECO_TRUSTED_PROXIES)
        "timeout_keep_alive": server.keep_alive_seconds,
        "timeout_graceful_shutdown": server.graceful_shutdown_seconds,
        "http": http_protocol(server.http),
        "loop": server.loop,
        "backlog": server.backlog,
        "timeout_worker_healthcheck": server.worker_healthcheck_seconds,
    }


def serve(names: list[str] | None, core: CoreSettings) -> None:
    """Serve the named services (every one when None) until stopped.

    Raises `SettingsRefused` before anything starts when production settings name
    development parts (core's or a hosted service's), a key file cannot be read or a
    service's setting does not parse
    (every worker process would fail the same way), when the server database lacks
    migrations of this release, or when production's metrics port is taken; and
    pydantic's `ValidationError` when uvicorn's settings do not.
    """
    configure_logging(_label(names), core.log_level, as_json=core.log_json)
    service_settings = refuse_unusable_settings(core, names)
    server = ServerSettings()
    from ecoeco.migrations import prepare_embedded, refuse_unmigrated

    prepare_embedded(core)
    refuse_unmigrated(core)
    options = _uvicorn_options(server, core)
    workers = worker_count(server, core)
    if workers == 1:
        app = build_app(core, names, service_settings)
        _serve_metrics(core)
        uvicorn.run(app, **options)
        return
    # Several processes share the listening socket; each builds its own app, and their
    # metrics meet in one directory that this (the supervisor) process serves.
    os.environ[NAMES_VARIABLE] = json.dumps(names or [])
    metrics_dir = _fresh_metrics_dir()
    _serve_metrics(core)
    try:
        uvicorn.run("ecoeco.serving:app_from_environment", factory=True, workers=workers, **options)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)


def _serve_metrics(core: CoreSettings) -> None:
    """`/metrics` on its own port, from this process (one per pod, whatever the workers)."""
    if not core.metrics_port:
        return
    host = core.metrics_host or core.host
    try:
        serve_metrics(host, core.metrics_port)
    except OSError as error:  # a second process on a developer's machine, say
        if core.env is Environment.production:
            raise SettingsRefused(
                [f"ECOECO_METRICS_PORT: cannot listen on {host}:{core.metrics_port} ({error})"]
            ) from None
        log.warning("metrics not served on port %s: %s", core.metrics_port, error)


def _fresh_metrics_dir() -> Path | None:
    """Point prometheus_client's multi-process mode at an empty directory.

    Returns the directory when this process created it (and so removes it at the end).
    """
    configured = os.environ.get(MULTIPROC_VARIABLE)
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        for stale in path.glob("*.db"):  # left by an earlier run: its counts are not ours
            stale.unlink()
        return None
    path = Path(tempfile.mkdtemp(prefix="ecoeco-metrics-"))
    os.environ[MULTIPROC_VARIABLE] = str(path)
    return path


def app_from_environment() -> FastAPI:
    """The app of one worker process (uvicorn calls this in each process it starts)."""
    names: list[str] = json.loads(os.environ.get(NAMES_VARIABLE, "[]"))
    core = CoreSettings()
    configure_logging(_label(names), core.log_level, as_json=core.log_json)
    app = build_app(core, names or None)
    started = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(running: FastAPI) -> AsyncIterator[Any]:
        async with started(running) as state:
            yield state
        # This process's live gauges (in flight, open streams) stop counting.
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]

    app.router.lifespan_context = lifespan
    return app
