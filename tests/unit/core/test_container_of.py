"""`deps.container_of`: the one place a request or a websocket finds the container."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.websockets import WebSocket

from ecoeco.composition import build_app
from ecoeco.core.deps import container_of
from ecoeco.core.settings import CoreSettings


async def _never() -> dict[str, str]:
    raise AssertionError("nothing is received")


async def _unused(_message: object) -> None:
    raise AssertionError("nothing is sent")


def test_a_request_and_a_websocket_find_their_apps_container(tmp_path: Path) -> None:
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"))
    request = Request({"type": "http", "app": app, "headers": []})
    websocket = WebSocket({"type": "websocket", "app": app, "headers": []}, _never, _unused)
    assert container_of(request) is app.state.container
    assert container_of(websocket) is app.state.container
