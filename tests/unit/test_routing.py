"""Every path a process serves is routed to that process by the one routing table."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.routing import BaseRoute

from ecoeco.composition import SERVICES, WORKERS, build_app
from ecoeco.core import cors
from ecoeco.core.settings import DEV_WEB_ORIGINS, SERVES_NO_BROWSER, CoreSettings
from ecoeco.routing import (
    CORS_EXPOSED_HEADERS,
    ROUTED_WORKERS,
    ROUTES,
    command,
    compose_web_origins,
    nginx_config,
    route_for,
    routed_processes,
)

# Each process answers these itself; the gateway routes none of them.
PER_PROCESS = {"/livez", "/readyz", "/metrics", "/docs", "/docs/oauth2-redirect", "/redoc"}
PER_PROCESS |= {"/openapi.json"}


def route_paths(routes: list[BaseRoute], prefix: str = "") -> set[str]:
    """Every path of a route tree, WebSockets and routes hidden from OpenAPI included.

    FastAPI keeps an included router as one node (`original_router` with the prefix of
    its include); anything else without a path fails here, so a new kind is noticed.
    """
    paths: set[str] = set()
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            paths |= route_paths(inner.routes, prefix + route.include_context.prefix)  # type: ignore[attr-defined]
            continue
        path = getattr(route, "path", None)
        assert isinstance(path, str), f"a route without a path: {route!r}"
        paths.add(prefix + path)
    return paths


def served_paths(app: FastAPI) -> set[str]:
    """Every path of the OpenAPI document and of the route tree, minus per-process ones."""
    openapi = set(app.openapi().get("paths", {}))
    every = route_paths(app.routes)
    assert openapi <= every, openapi - every
    return {p for p in every - PER_PROCESS if not p.startswith("/docs/")}  # docs' own assets


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """What each process serves when run as `ecoeco serve X` / `ecoeco worker X`."""
    data = tmp_path_factory.mktemp("routing")
    settings = CoreSettings(data_dir=Path(data), env="test")
    return {name: served_paths(build_app(settings, [name])) for name in (*SERVICES, *WORKERS)}


def test_every_served_path_is_routed_to_its_process(served: dict[str, set[str]]) -> None:
    wrong = {
        (path, process, route_for(path).process)
        for process, paths in served.items()
        for path in paths
        if route_for(path).process != process
    }
    assert not wrong, sorted(wrong)


def test_the_paths_people_meet_are_served(served: dict[str, set[str]]) -> None:
    everything = set().union(*served.values())
    for path in ("/.well-known/jwks.json", "/api/v1/chat/ws", "/api/v1/scan/uploads"):
        assert path in everything, path
    if "/" in everything:  # the web console, once a process serves it
        assert "/" in served[route_for("/").process]


def test_every_prefix_leads_to_a_process_that_serves_something_under_it(
    served: dict[str, set[str]],
) -> None:
    for route in ROUTES:
        if route.path == "/":
            continue  # the catch-all: the console, and the 404 for anything else
        assert any(route.matches(path) for path in served[route.process]), route


def test_longest_prefix_wins_segment_by_segment() -> None:
    assert route_for("/api/v1/scan/uploads/abc/complete").process == "storage"
    assert route_for("/api/v1/scan/01HZZ").process == "scan"
    assert route_for("/api/v1/scan").process == "scan"
    assert route_for("/api/v1/scanner").process == "info"  # not under /api/v1/scan
    assert route_for("/.well-known/jwks.json").process == "auth"
    assert route_for("/").process == "info"


def test_commands_and_the_rendered_gateway() -> None:
    assert set(routed_processes()) <= set(SERVICES) | set(WORKERS)
    assert set(routed_processes()) & set(WORKERS) == ROUTED_WORKERS
    assert command("storage") == ["worker", "storage"]
    assert command("scan") == ["serve", "scan"]
    upstreams = {p: ["127.0.0.1:1", "127.0.0.1:2"] for p in routed_processes()}
    config = nginx_config(upstreams, listen="127.0.0.1:9")
    assert config.count("server 127.0.0.1:2 ") == len(routed_processes())
    assert "location /api/v1/scan/uploads/ { proxy_pass http://ecoeco_storage; }" in config
    assert "proxy_buffering off;" in config
    with pytest.raises(ValueError, match="no upstream server for: auth"):
        nginx_config({p: ["x:1"] for p in routed_processes() if p != "auth"})


def test_the_workers_said_to_serve_no_browser_get_no_route() -> None:
    """Production asks no web origins of them (`core.settings.SERVES_NO_BROWSER`)."""
    assert SERVES_NO_BROWSER == set(WORKERS) - set(routed_processes())


def test_the_gateway_answers_with_the_apps_cors_values() -> None:
    """nginx's own answers carry what `core.cors` would send (stdlib copies: see routing)."""
    assert CORS_EXPOSED_HEADERS == cors.RESPONSE_HEADERS
    assert compose_web_origins() == DEV_WEB_ORIGINS, "compose runs the apps in development"
    upstreams = {p: ["127.0.0.1:1"] for p in routed_processes()}
    config = nginx_config(upstreams, web_origins=["https://app.example.org/"])
    assert '"https://app.example.org" $http_origin;' in config
    assert "error_page 413 @payload_too_large;" in config
    with pytest.raises(ValueError, match="not a web origin"):
        nginx_config(upstreams, web_origins=['https://x.example" 1; evil'])
