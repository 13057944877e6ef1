"""HTTP endpoints of the location service."""

from __future__ import annotations

from fastapi import APIRouter

from ecoeco.core.schemas import ServiceStatus
from ecoeco.location.settings import LocationSettings

router = APIRouter(prefix="/locations", tags=["location"])


@router.get("/health", response_model=ServiceStatus)
async def health() -> ServiceStatus:
    """The location service answers."""
    return ServiceStatus(service="location", version=LocationSettings.schema_version)
