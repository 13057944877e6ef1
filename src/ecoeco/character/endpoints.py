"""HTTP endpoints of the character service."""

from __future__ import annotations

from fastapi import APIRouter

from ecoeco.character.settings import CharacterSettings
from ecoeco.core.schemas import ServiceStatus

router = APIRouter(prefix="/characters", tags=["character"])


@router.get("/health", response_model=ServiceStatus)
async def health() -> ServiceStatus:
    """The character service answers."""
    return ServiceStatus(service="character", version=CharacterSettings.schema_version)
