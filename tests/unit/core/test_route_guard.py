"""Each included router's quick refusal (`core.route_guard`) picks the same route for
every request as the full check does, and spares the scan's requests most route checks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from starlette.routing import BaseRoute, Match

from ecoeco.composition import build_app
from ecoeco.core.openapi.shape import api_routes
from ecoeco.core.route_guard import guard_included_routers
from ecoeco.core.settings import CoreSettings

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _scope(method: str, path: str) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "root_path": "", "headers": []}


def _decision(routes: list[BaseRoute], scope: dict[str, Any]) -> tuple[Any, ...]:
    """What the router would run: the first full match, else the first partial one."""
    partial = None
    for route in routes:
        match, child = route.matches(dict(scope))
        if match == Match.FULL:
            inner = route._match(dict(scope)) if hasattr(route, "_match") else None
            return ("full", id(route), None if inner is None else id(inner[2]), child.keys())
        if match == Match.PARTIAL and partial is None:
            partial = ("partial", id(route))
    return partial or ("none",)


def _paths(app: FastAPI) -> list[str]:
    paths = {"/", "/nope", "/api/v1/nope", "/api/v1", "/api/v1/", "/docs", "/livez/"}
    for full, _ in api_routes(app.routes):
        filled = re.sub(r"\{[^}]+\}", "x1", full)
        paths |= {filled, filled + "/", filled.rstrip("/") + "/more"}
    return sorted(paths)


def test_the_guarded_routers_pick_what_the_full_check_picks(tmp_path: Path) -> None:
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"))
    routes = app.router.routes
    guarded = [route for route in routes if "matches" in vars(route)]
    assert guarded, "create_app guards the included routers"
    seen = []
    for path in _paths(app):
        for method in METHODS:
            scope = _scope(method, path)
            with_guard = _decision(routes, scope)
            saved = [(route, vars(route).pop("matches")) for route in guarded]
            try:
                without = _decision(routes, scope)
            finally:
                for route, matches in saved:
                    route.matches = matches  # type: ignore[method-assign]
            assert with_guard == without, (method, path)
            seen.append(with_guard[0])
    assert {"full", "partial", "none"} <= set(seen)


def test_guarding_twice_changes_nothing(tmp_path: Path) -> None:
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"))
    assert guard_included_routers(app.router) == 0
