"""HTTP endpoints of the users service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ecoeco.core.deps import ContainerDep, CurrentUser, SessionDep, bearer_token
from ecoeco.core.pagination import Page
from ecoeco.users import service
from ecoeco.users.history import ScanLine, my_scans
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


@router.get("/me/scans", response_model=Page[ScanLine])
async def my_scan_history(
    _principal: CurrentUser,
    request: Request,
    container: ContainerDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[ScanLine]:
    """The caller's scans, newest first, as the scan service records them."""
    token = bearer_token(request)
    assert token is not None  # CurrentUser has verified it
    return await my_scans(container, token, limit, cursor)


@router.delete("/me", status_code=204)
async def delete_me(
    principal: CurrentUser, session: SessionDep, container: ContainerDep
) -> Response:
    """Erase the caller's account everywhere; every token of it stops working."""
    await service.delete_account(session, container.cache, principal)
    return Response(status_code=204)
