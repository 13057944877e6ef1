"""FastAPI dependencies shared by every service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from anyio import CancelScope
from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from ecoeco.core.container import Container
from ecoeco.core.db.session import committing
from ecoeco.core.errors import Forbidden, Unauthorized
from ecoeco.core.security.tokens import Principal
from ecoeco.core.web import ACCESS_COOKIE


def container_of(connection: HTTPConnection) -> Container:
    """The process's container, from the app serving this request or websocket."""
    container: Container = connection.app.state.container
    return container


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One transaction per request, committed when the endpoint returns normally.

    A leaf: it reads the container from the request rather than depending on it (each
    nested dependency costs FastAPI's solver a pass on the event loop, per request).

    A GET reads: it gets a read session (on SQLite a snapshot that never waits for the
    writer, and refuses to write). A GET that writes takes `WriteSessionDep`. What the
    request registered with `core.db.after_commit` runs after the commit.
    """
    async with committing(_opened(request)) as session:
        yield session


def _opened(request: Request) -> AsyncSession:
    """A read session for a GET, HEAD or OPTIONS; a writing one for anything else."""
    db = container_of(request).db
    return db.read_session() if request.method in READ_METHODS else db.session()


async def get_write_session(request: Request) -> AsyncIterator[AsyncSession]:
    """A session that may write, whatever the method (a GET that creates on first read)."""
    async with committing(container_of(request).db.session()) as session:
        yield session


@asynccontextmanager
async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The transaction `get_session` would give, opened by the endpoint itself.

    For the few endpoints every scan calls: a dependency with `yield` costs FastAPI's
    solver a generator, an exit stack entry and a cancel scope per request. Its end is
    shielded from cancellation as FastAPI shields a dependency's: the commit or rollback
    runs to completion.
    """
    cleanup = CancelScope()
    with cleanup:
        async with committing(_opened(request)) as session:
            try:
                yield session
            finally:
                cleanup.shield = True


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
WriteSessionDep = Annotated[AsyncSession, Depends(get_write_session, scope="function")]


def bearer_token(request: Request) -> str | None:
    """The access token from the Authorization header, or the browser cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get(ACCESS_COOKIE) or None


async def current_user(request: Request) -> Principal:
    """The verified caller; 401 without a valid token.

    The container is read from the app here rather than taken as a dependency: nearly
    every request solves this one, and each nested dependency costs FastAPI's solver
    more CPU on the event loop than reading an attribute.
    """
    token = bearer_token(request)
    if token is None:
        raise Unauthorized()
    principal = await container_of(request).verifier.verify(token)
    request.state.principal = principal
    return principal


async def optional_user(request: Request) -> Principal | None:
    """The caller when a token is sent, else None; a bad token is still a 401."""
    if bearer_token(request) is None:
        return None
    return await current_user(request)


CurrentUser = Annotated[Principal, Depends(current_user)]
OptionalUser = Annotated[Principal | None, Depends(optional_user)]


async def admin_user(principal: CurrentUser) -> Principal:
    """The caller, who must carry the `admin` scope."""
    if not principal.has("admin"):
        raise Forbidden("admin scope required")
    return principal


AdminUser = Annotated[Principal, Depends(admin_user)]
