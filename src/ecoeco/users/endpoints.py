"""HTTP endpoints of the users service."""

from __future__ import annotations

from fastapi import APIRouter

from ecoeco.core.deps import CurrentUser, SessionDep
from ecoeco.users import service
from ecoeco.users.schemas import ProfileOut

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=ProfileOut)
async def get_me(principal: CurrentUser, session: SessionDep) -> ProfileOut:
    """The caller's profile."""
    profile = await service.my_profile(session, principal)
    return ProfileOut.model_validate(profile)
