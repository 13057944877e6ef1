"""HTTP endpoints of the scan service."""

from __future__ import annotations

from fastapi import APIRouter

from ecoeco.core.schemas import ServiceStatus
from ecoeco.scan.settings import ScanSettings

router = APIRouter(prefix="/scan", tags=["scan"])


@router.get("/health", response_model=ServiceStatus)
async def health() -> ServiceStatus:
    """The scan service answers."""
    return ServiceStatus(service="scan", version=ScanSettings.schema_version)
