"""The "my scans" view: the scan service's history, seen from the person's page."""

from __future__ import annotations

from ecoeco.contracts.clients import ScanClient, ServiceRefused
from ecoeco.contracts.scan import ScanSummary
from ecoeco.core.errors import BadRequest, ServiceUnavailable
from ecoeco.core.internal import ServiceCallFailed
from ecoeco.core.pagination import Page


async def my_scans(
    scans: ScanClient, token: str, limit: int, cursor: str | None
) -> Page[ScanSummary]:
    """Ask the scan service (with the caller's own token) for one page of history."""
    try:
        return await scans.history(token, limit, cursor)
    except ServiceRefused as refused:
        if refused.status == 400:
            raise BadRequest("invalid cursor") from None
        raise ServiceUnavailable("scan history is unavailable right now") from None
    except ServiceCallFailed:
        raise ServiceUnavailable("scan history is unavailable right now") from None
