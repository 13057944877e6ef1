"""The "my scans" view: the scan service's history, seen from the person's page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from ecoeco.core.container import Container
from ecoeco.core.errors import BadRequest, ServiceUnavailable
from ecoeco.core.internal import ServiceCallFailed, ServiceClient
from ecoeco.core.pagination import Page


class ScanLine(BaseModel):
    """One scan in the person's history."""

    id: str
    status: str
    created_at: datetime
    hint: str | None = None
    thumbnail_key: str | None = None
    category: dict[str, Any] | None = None
    item: dict[str, Any] | None = None
    reward: dict[str, Any] | None = None


async def my_scans(
    container: Container, token: str, limit: int, cursor: str | None
) -> Page[ScanLine]:
    """Ask the scan service (with the caller's own token) for one page of history."""
    params: dict[str, Any] = {"limit": limit}
    if cursor is not None:
        params["cursor"] = cursor
    try:
        response = await ServiceClient(container).get(
            "scan", "/api/v1/scan", token=token, params=params
        )
    except ServiceCallFailed:
        raise ServiceUnavailable("scan history is unavailable right now") from None
    if response.status_code == 400:
        raise BadRequest("invalid cursor")
    if response.status_code != 200:
        raise ServiceUnavailable("scan history is unavailable right now")
    try:
        return Page[ScanLine].model_validate(response.json())
    except (ValueError, ValidationError):
        raise ServiceUnavailable("scan history answered in an unexpected shape") from None
