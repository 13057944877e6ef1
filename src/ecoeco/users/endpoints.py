"""HTTP endpoints of the users service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ecoeco.contracts.scan import ScanSummary
from ecoeco.core.deps import CurrentUser, SessionDep, WriteSessionDep, bearer_token
from ecoeco.core.openapi import RATE_LIMITED, errors
from ecoeco.core.pagination import Page
from ecoeco.users import service
from ecoeco.users.export import export
from ecoeco.users.history import my_scans
from ecoeco.users.runtime import UsersDep
from ecoeco.users.schemas import ExportOut, ProfileOut, ProfileUpdate, StatsOut

router = APIRouter(prefix="/users", tags=["users"])


def _token(request: Request) -> str:
    token = bearer_token(request)
    assert token is not None  # CurrentUser has verified it
    return token


@router.get("/me", response_model=ProfileOut)
async def get_me(
    principal: CurrentUser, request: Request, session: WriteSessionDep, users: UsersDep
) -> ProfileOut:
    """The caller's profile (created on the first read, from what the account holds)."""
    profile = await service.my_profile(session, users.cache, users.auth, principal, _token(request))
    return service.render(profile)


@router.patch("/me", response_model=ProfileOut, responses=errors(409))
async def update_me(
    principal: CurrentUser,
    request: Request,
    session: SessionDep,
    users: UsersDep,
    body: ProfileUpdate,
) -> ProfileOut:
    """Change the caller's nickname, profile image or notification settings."""
    profile = await service.update_profile(session, users, principal, _token(request), body)
    return service.render(profile)


@router.get("/me/stats", response_model=StatsOut)
async def my_stats(principal: CurrentUser, session: SessionDep, users: UsersDep) -> StatsOut:
    """The caller's points, scans by category and current daily streak."""
    return await service.my_stats(session, users.cache, principal.user_id)


@router.get("/me/scans", response_model=Page[ScanSummary])
async def my_scan_history(
    _principal: CurrentUser,
    request: Request,
    users: UsersDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[ScanSummary]:
    """The caller's scans, newest first, as the scan service records them."""
    return await my_scans(users.scans, _token(request), limit, cursor)


@router.get("/me/export", response_model=ExportOut, responses={**RATE_LIMITED, **errors(503)})
async def export_me(
    principal: CurrentUser,
    request: Request,
    response: Response,
    session: WriteSessionDep,
    users: UsersDep,
) -> ExportOut:
    """Everything EcoEco holds on the caller, as one JSON document (rate-limited)."""
    document = await export(session, users, principal, _token(request))
    response.headers["Content-Disposition"] = 'attachment; filename="ecoeco-export.json"'
    return document


@router.delete("/me", status_code=204)
async def delete_me(principal: CurrentUser, session: SessionDep, users: UsersDep) -> Response:
    """Erase the caller's account everywhere; every token of it stops working."""
    await service.delete_account(session, users, principal)
    return Response(status_code=204)
