"""HTTP endpoints of the users service."""

from __future__ import annotations

from fastapi import APIRouter, Response

from ecoeco.core.deps import ContainerDep, CurrentUser, SessionDep
from ecoeco.users import service
from ecoeco.users.schemas import ProfileOut, ProfileUpdate, StatsOut

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=ProfileOut)
async def get_me(
    principal: CurrentUser, session: SessionDep, container: ContainerDep
) -> ProfileOut:
    """The caller's profile."""
    return service.render(await service.my_profile(session, container.cache, principal))


@router.patch("/me", response_model=ProfileOut)
async def update_me(
    principal: CurrentUser, session: SessionDep, container: ContainerDep, body: ProfileUpdate
) -> ProfileOut:
    """Change the caller's nickname, profile image or notification settings."""
    profile = await service.update_profile(session, container.cache, principal, body)
    return service.render(profile)


@router.get("/me/stats", response_model=StatsOut)
async def my_stats(
    principal: CurrentUser, session: SessionDep, container: ContainerDep
) -> StatsOut:
    """The caller's points, scans by category and current daily streak."""
    return await service.my_stats(session, container.cache, principal.user_id)


@router.delete("/me", status_code=204)
async def delete_me(
    principal: CurrentUser, session: SessionDep, container: ContainerDep
) -> Response:
    """Erase the caller's account everywhere; every token of it stops working."""
    await service.delete_account(session, container.cache, principal)
    return Response(status_code=204)
