"""No route sends a request through the thread pool: endpoints and dependencies are async.

FastAPI runs a plain-function endpoint or dependency in its thread pool: a hop to a
worker thread and back (two GIL hand-offs and a wake-up of the loop) on every request,
which under load waits behind every other thread for the interpreter. Blocking or
CPU-bound work goes to `ecoeco.core.cpu` explicitly instead.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from fastapi.dependencies.models import Dependant

from ecoeco.composition import build_app
from ecoeco.core.openapi.shape import api_routes
from ecoeco.core.settings import CoreSettings


def _is_async(call: Any) -> bool:
    if inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call):
        return True
    method = getattr(call, "__call__", None)  # noqa: B004 (an instance with async __call__)
    return not inspect.isfunction(call) and (
        inspect.iscoroutinefunction(method) or inspect.isasyncgenfunction(method)
    )


def _plain(dependant: Dependant) -> list[str]:
    found = []
    for dependency in dependant.dependencies:
        if dependency.call is not None and not _is_async(dependency.call):
            found.append(getattr(dependency.call, "__qualname__", repr(dependency.call)))
        found += _plain(dependency)
    return found


def test_every_endpoint_and_dependency_runs_on_the_event_loop(tmp_path: Path) -> None:
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"))
    hops = []
    for path, route in api_routes(app.routes):
        if not _is_async(route.endpoint):
            hops.append(f"{path}: endpoint {route.endpoint.__name__}")
        hops += [f"{path}: dependency {name}" for name in _plain(route.dependant)]
    assert hops == []
