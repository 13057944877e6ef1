"""HTTP endpoints of the info service."""

from __future__ import annotations

from fastapi import APIRouter

from ecoeco.core.schemas import ServiceStatus
from ecoeco.info.settings import InfoSettings

router = APIRouter(prefix="/info", tags=["info"])


@router.get("/health", response_model=ServiceStatus)
async def health() -> ServiceStatus:
    """The info service answers."""
    return ServiceStatus(service="info", version=InfoSettings.schema_version)
