"""HTTP endpoints of the chat service."""

from __future__ import annotations

from fastapi import APIRouter

from ecoeco.chat.settings import ChatSettings
from ecoeco.core.schemas import ServiceStatus

router = APIRouter(prefix="/chat", tags=["chat"])


@router.get("/health", response_model=ServiceStatus)
async def health() -> ServiceStatus:
    """The chat service answers."""
    return ServiceStatus(service="chat", version=ChatSettings.schema_version)
