"""HTTP endpoints of the auth service."""

from __future__ import annotations

import re
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.auth import privacy, service
from ecoeco.auth.errors import AuthFailure, InvalidRefreshToken
from ecoeco.auth.runtime import AuthDep, AuthRuntime
from ecoeco.auth.schemas import (
    AuthorizeResponse,
    DevLoginRequest,
    IdentityList,
    IdentityOut,
    LogoutRequest,
    ProvidersOut,
    RefreshRequest,
    SessionOut,
    TokenResponse,
)
from ecoeco.auth.service import ClientInfo
from ecoeco.auth.sessions import TokenPair
from ecoeco.auth.settings import PROVIDERS
from ecoeco.contracts.auth import AccountOut, LoginHistory
from ecoeco.core.deps import CurrentUser, OptionalUser, SessionDep, WriteSessionDep
from ecoeco.core.errors import NotFound, Unauthorized
from ecoeco.core.openapi import RATE_LIMITED, errors
from ecoeco.core.paths import api_path
from ecoeco.core.web import ACCESS_COOKIE, CSRF_COOKIE, REFRESH_COOKIE

router = APIRouter(prefix="/auth", tags=["auth"])
root_router = APIRouter(tags=["auth"])

REFRESH_COOKIE_PATH = api_path("/auth")
# Ties an OAuth state to the browser that asked for it (login CSRF, link hijacking).
BINDING_COOKIE = "ecoeco_oauth"
_BINDING = re.compile(r"^[A-Za-z0-9_-]{43}$")


async def get_client(request: Request) -> ClientInfo:
    """The caller's address and user agent."""
    host = request.client.host if request.client else "unknown"
    return ClientInfo(ip=host, user_agent=request.headers.get("user-agent"))


RuntimeDep = AuthDep
ClientDep = Annotated[ClientInfo, Depends(get_client)]


@asynccontextmanager
async def audited(
    session: AsyncSession, runtime: AuthRuntime, client: ClientInfo, provider: str, action: str
) -> AsyncIterator[None]:
    """On an auth failure, audit it and commit what must stick (a revocation).

    A failed login counts against the caller's address; a failed refresh is counted
    by the refresh itself (per family, person and address) and never blocks logins.
    """
    try:
        yield
    except AuthFailure as error:
        service.record_failure(session, client, error, provider=provider, action=action)
        await session.commit()
        if action != "refresh":
            await service.count_failure(runtime, client)
        raise


def _answer(
    response: Response, pair: TokenPair, runtime: AuthRuntime, cookie: bool
) -> TokenResponse:
    if cookie:
        settings = runtime.settings
        common: dict[str, Any] = {
            "httponly": True,
            "secure": settings.cookie_secure,
            "samesite": "lax",
            "domain": settings.cookie_domain,
        }
        response.set_cookie(
            ACCESS_COOKIE, pair.access.token, max_age=pair.access.expires_in, path="/", **common
        )
        response.set_cookie(
            REFRESH_COOKIE,
            pair.refresh_token,
            max_age=settings.refresh_ttl_seconds,
            path=REFRESH_COOKIE_PATH,
            **common,
        )
        # Readable by our own pages only: they echo it as X-CSRF-Token (double submit).
        csrf = {**common, "httponly": False, "samesite": "strict"}
        csrf_token = secrets.token_urlsafe(24)
        response.set_cookie(
            CSRF_COOKIE, csrf_token, max_age=settings.refresh_ttl_seconds, path="/", **csrf
        )
    response.headers["Cache-Control"] = "no-store"
    return TokenResponse(
        access_token=pair.access.token,
        refresh_token=pair.refresh_token,
        expires_in=pair.access.expires_in,
    )


@router.post("/dev/login", response_model=TokenResponse, responses={**RATE_LIMITED, **errors(404)})
async def dev_login(
    body: DevLoginRequest,
    response: Response,
    session: SessionDep,
    runtime: RuntimeDep,
    client: ClientDep,
) -> TokenResponse:
    """Log in by email without a provider (development and tests; off in production)."""
    if not runtime.dev_login_allowed:
        raise NotFound("dev login is disabled")
    pair = await service.dev_login(
        session, runtime, client, email=str(body.email).lower(), nickname=body.nickname
    )
    return _answer(response, pair, runtime, body.cookie)


def _binding(request: Request, response: Response, runtime: AuthRuntime) -> str:
    """The browser's binding cookie, set (or renewed) for the lifetime of a state."""
    binding = request.cookies.get(BINDING_COOKIE, "")
    if not _BINDING.match(binding):
        binding = secrets.token_urlsafe(32)
    settings = runtime.settings
    response.set_cookie(
        BINDING_COOKIE,
        binding,
        max_age=int(settings.state_ttl_seconds) or 1,
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        domain=settings.cookie_domain,
    )
    return binding


@router.get("/{provider}/authorize", response_model=AuthorizeResponse, responses=RATE_LIMITED)
async def authorize(
    provider: str,
    request: Request,
    response: Response,
    runtime: RuntimeDep,
    client: ClientDep,
    principal: OptionalUser,
    redirect_uri: Annotated[str, Query(min_length=1, max_length=2048)],
    cookie: bool = False,
    link: bool = False,
) -> AuthorizeResponse:
    """Start a social login: the provider URL and its one-time state (kept 10 minutes).

    Sets the HttpOnly `ecoeco_oauth` cookie: the callback must carry it.
    """
    if link and principal is None:
        raise Unauthorized("linking a provider needs the access token of the account")
    url, state = await service.authorize(
        runtime,
        client,
        provider_name=provider,
        redirect_uri=redirect_uri,
        cookie=cookie,
        linking=principal if link else None,
        binding=_binding(request, response, runtime),
    )
    return AuthorizeResponse(authorization_url=url, state=state)


@router.get("/{provider}/callback", response_model=TokenResponse, responses=RATE_LIMITED)
async def oauth_callback(
    provider: str,
    request: Request,
    response: Response,
    session: WriteSessionDep,
    runtime: RuntimeDep,
    client: ClientDep,
    state: Annotated[str, Query(min_length=16, max_length=256)],
    code: Annotated[str | None, Query(max_length=2048)] = None,
    error: Annotated[str | None, Query(max_length=256)] = None,
) -> TokenResponse:
    """Finish a social login: consume the state, exchange the code, answer with tokens."""
    async with audited(session, runtime, client, provider, "login"):
        pair, cookie = await service.callback(
            session,
            runtime,
            client,
            provider_name=provider,
            state=state,
            code=code,
            error=error,
            binding=request.cookies.get(BINDING_COOKIE),
        )
    return _answer(response, pair, runtime, cookie)


@router.post("/refresh", response_model=TokenResponse, responses={**RATE_LIMITED, **errors(401)})
async def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    runtime: RuntimeDep,
    client: ClientDep,
    body: Annotated[RefreshRequest | None, Body()] = None,
) -> TokenResponse:
    """Spend a refresh token for a new pair; reusing a spent one revokes the session."""
    cookie_token = request.cookies.get(REFRESH_COOKIE)
    token = (body.refresh_token if body else None) or cookie_token
    async with audited(session, runtime, client, "refresh", "refresh"):
        if not token:
            raise InvalidRefreshToken("no refresh token sent")
        pair = await service.refresh(session, runtime, client, token)
    return _answer(response, pair, runtime, cookie=token == cookie_token)


@router.post("/logout", status_code=204)
async def logout(
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: OptionalUser,
    body: Annotated[LogoutRequest | None, Body()] = None,
) -> Response:
    """End the session: revoke its refresh tokens and the access token at once."""
    token = (body.refresh_token if body else None) or request.cookies.get(REFRESH_COOKIE)
    if principal is None and not token:
        raise Unauthorized()
    await service.logout(session, runtime, principal=principal, refresh_token=token)
    response = Response(status_code=204)
    response.delete_cookie(ACCESS_COOKIE, path="/")
    response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/providers", response_model=ProvidersOut)
async def providers(runtime: RuntimeDep) -> ProvidersOut:
    """The social providers configured here, and whether the dev login is on."""
    configured = [name for name in PROVIDERS if runtime.settings.provider(name) is not None]
    return ProvidersOut(
        providers=configured,
        dev_login=runtime.dev_login_allowed,
    )


@router.get("/session", response_model=SessionOut)
async def current_session(principal: OptionalUser) -> SessionOut:
    """Who the caller's token says they are, its scopes and when it expires."""
    if principal is None:
        return SessionOut(authenticated=False)
    return SessionOut(
        authenticated=True,
        user_id=principal.user_id,
        scopes=sorted(principal.scopes),
        expires_at=principal.expires_at,
    )


@router.get("/account", response_model=AccountOut, responses=errors(404))
async def my_account(principal: CurrentUser, session: SessionDep) -> AccountOut:
    """The caller's account: the e-mail and display name its provider gave, linked providers."""
    return await privacy.account_of(session, principal.user_id)


@router.get("/account/logins", response_model=LoginHistory)
async def my_logins(principal: CurrentUser, session: SessionDep) -> LoginHistory:
    """The caller's logins, refreshes and failed attempts, newest first (at most 1,000)."""
    return await privacy.logins_of(session, principal.user_id)


@router.get("/identities", response_model=IdentityList)
async def list_identities(principal: CurrentUser, session: SessionDep) -> IdentityList:
    """The providers linked to the caller's account."""
    rows = await service.identities(session, principal.user_id)
    return IdentityList(items=[IdentityOut.model_validate(row) for row in rows])


@router.delete("/identities/{provider}", status_code=204, responses=errors(409))
async def unlink_identity(provider: str, principal: CurrentUser, session: SessionDep) -> Response:
    """Unlink a provider from the caller's account (never the last one)."""
    await service.unlink(session, principal.user_id, provider)
    return Response(status_code=204)


@root_router.get("/.well-known/jwks.json")
async def jwks(runtime: RuntimeDep, response: Response) -> dict[str, Any]:
    """The public keys that verify access tokens."""
    response.headers["Cache-Control"] = "public, max-age=300"
    return runtime.signer.jwks()
