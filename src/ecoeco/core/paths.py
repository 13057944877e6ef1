"""Where the public API lives: every service's routes are under this prefix."""

from __future__ import annotations

API_PREFIX = "/api/v1"


def api_path(path: str) -> str:
    """A path under the API prefix (`api_path("/scan")` is `/api/v1/scan`)."""
    return f"{API_PREFIX}{path}"
