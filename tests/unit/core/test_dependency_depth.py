"""What FastAPI solves for a chat turn's two requests and a request session: leaves.

Every nested dependency costs the solver a pass of its own on the event loop, on every
request. The caller (`CurrentUser`) reads the container from the app instead of
depending on it, and a new conversation or a question opens no request session (a turn
opens its own units of work, `chat.turns`).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from ecoeco.composition import build_app
from ecoeco.core.openapi.shape import api_routes
from ecoeco.core.settings import CoreSettings


def _solved(dependant: Dependant) -> list[str]:
    """Every dependency the solver runs for a route, nested ones included."""
    found = []
    for dependency in dependant.dependencies:
        if dependency.call is not None:
            found.append(getattr(dependency.call, "__name__", repr(dependency.call)))
        found += _solved(dependency)
    return found


def _route(app: FastAPI, path: str, method: str) -> APIRoute:
    for full, route in api_routes(app.routes):
        if full == path and method in route.methods:
            return route
    raise AssertionError(f"no {method} {path}")


def test_a_conversation_and_a_question_solve_two_leaf_dependencies(tmp_path: Path) -> None:
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"))
    for path in ("/api/v1/chat", "/api/v1/chat/{conversation_id}/messages"):
        route = _route(app, path, "POST")
        assert sorted(_solved(route.dependant)) == [
            "ChatRuntime_dependency",
            "current_user",
        ], path


def test_a_scans_two_requests_solve_only_the_caller(tmp_path: Path) -> None:
    """POST /scan and its progress stream open their session and read their runtime in
    the endpoint (`core.deps.request_session`): FastAPI solves the caller alone."""
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"))
    for path, method in (("/api/v1/scan", "POST"), ("/api/v1/scan/{scan_id}/events", "GET")):
        assert _solved(_route(app, path, method).dependant) == ["current_user"], path


def test_the_request_sessions_are_leaves(tmp_path: Path) -> None:
    """A scan read and a write-on-first-read solve no nested dependency:
    `get_session` and `get_write_session` read the container from the request."""
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"))
    for path, session in (
        ("/api/v1/scan/{scan_id}", "get_session"),
        ("/api/v1/characters/me", "get_write_session"),
    ):
        dependant = _route(app, path, "GET").dependant
        assert all(not d.dependencies for d in dependant.dependencies), path
        assert session in _solved(dependant), path
