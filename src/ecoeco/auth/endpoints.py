"""HTTP endpoints of the auth service."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ecoeco.auth import service
from ecoeco.auth.schemas import DevLoginRequest, TokenResponse
from ecoeco.auth.settings import AuthSettings
from ecoeco.core.deps import ContainerDep, SessionDep
from ecoeco.core.errors import NotFound
from ecoeco.core.security.tokens import TokenSigner

router = APIRouter(prefix="/auth", tags=["auth"])
root_router = APIRouter(tags=["auth"])


@router.post("/dev/login", response_model=TokenResponse)
async def dev_login(
    body: DevLoginRequest, session: SessionDep, container: ContainerDep
) -> TokenResponse:
    """Log in by email without a provider (development and tests; off in production)."""
    settings: AuthSettings = container.extras[service.SETTINGS]
    if not settings.dev_login_allowed(container.settings.env):
        raise NotFound("dev login is disabled")
    login = await service.find_or_create(
        session,
        provider="dev",
        provider_user_id=str(body.email).lower(),
        email=str(body.email).lower(),
        nickname=body.nickname,
    )
    signer: TokenSigner = container.extras[service.SIGNER]
    issued = service.issue_access(signer, login.account)
    return TokenResponse(access_token=issued.token, expires_in=issued.expires_in)


@root_router.get("/.well-known/jwks.json")
async def jwks(container: ContainerDep) -> dict[str, Any]:
    """The public keys that verify access tokens."""
    signer: TokenSigner = container.extras[service.SIGNER]
    return signer.jwks()
