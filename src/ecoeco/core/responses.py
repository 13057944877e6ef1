"""JSON bodies built by hand (errors, probes, 202s) rendered by orjson.

Routes with a response model or return type are serialized by FastAPI straight to JSON
bytes through pydantic (its fast path); `tests/unit/core/test_fast_json.py` keeps every
route on it. Bodies assembled as dicts go through `JsonResponse` instead of the
standard library's `json.dumps`.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse


class JsonResponse(JSONResponse):
    """A JSON response rendered by orjson (UTF-8, no spaces, like JSONResponse)."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
