"""FastAPI dependencies shared by every service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.container import Container
from ecoeco.core.errors import Forbidden, Unauthorized
from ecoeco.core.security.tokens import Principal


def get_container(request: Request) -> Container:
    """The process's container."""
    container: Container = request.app.state.container
    return container


ContainerDep = Annotated[Container, Depends(get_container)]


async def get_session(container: ContainerDep) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed when the endpoint returns normally."""
    async with container.db.session() as session:
        yield session
        await session.commit()


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


def bearer_token(request: Request) -> str | None:
    """The access token from the Authorization header, or the browser cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get("ecoeco_access") or None


async def current_user(request: Request, container: ContainerDep) -> Principal:
    """The verified caller; 401 without a valid token."""
    token = bearer_token(request)
    if token is None:
        raise Unauthorized()
    principal = await container.verifier.verify(token)
    request.state.principal = principal
    return principal


async def optional_user(request: Request, container: ContainerDep) -> Principal | None:
    """The caller when a token is sent, else None; a bad token is still a 401."""
    if bearer_token(request) is None:
        return None
    return await current_user(request, container)


CurrentUser = Annotated[Principal, Depends(current_user)]
OptionalUser = Annotated[Principal | None, Depends(optional_user)]


async def admin_user(principal: CurrentUser) -> Principal:
    """The caller, who must carry the `admin` scope."""
    if not principal.has("admin"):
        raise Forbidden("admin scope required")
    return principal


AdminUser = Annotated[Principal, Depends(admin_user)]
