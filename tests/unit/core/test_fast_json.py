"""Every route writes JSON straight to bytes: through pydantic, or orjson for hand-built bodies."""

from __future__ import annotations

import json
import typing
from pathlib import Path

from fastapi.datastructures import DefaultPlaceholder
from starlette.responses import Response

from ecoeco.composition import build_app
from ecoeco.core.errors import Unauthorized
from ecoeco.core.openapi.shape import api_routes
from ecoeco.core.responses import JsonResponse
from ecoeco.core.settings import CoreSettings


def test_every_route_serializes_through_pydantic_or_returns_its_own_response(
    tmp_path: Path,
) -> None:
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"))
    slow = []
    for path, route in api_routes(app.routes):
        fast = route.response_field is not None and isinstance(
            route.response_class, DefaultPlaceholder
        )
        returns = typing.get_type_hints(route.endpoint).get("return")
        explicit = isinstance(returns, type) and issubclass(returns, Response)
        if not (fast or explicit):
            slow.append(f"{sorted(route.methods or ())} {path}")
    # A route without a response model or return type makes FastAPI walk the result with
    # jsonable_encoder and json.dumps it: declare what it returns instead.
    assert slow == []


def test_hand_built_bodies_render_like_the_standard_encoder_but_faster() -> None:
    body = Unauthorized("토큰이 만료되었습니다").body()
    rendered = JsonResponse(body).body
    assert json.loads(rendered) == body
    assert "토큰".encode() in rendered  # UTF-8, not \\u escapes
