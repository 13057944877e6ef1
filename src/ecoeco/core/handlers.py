"""Render every error, expected or not, as {"error": {"code", "message"}}."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from ecoeco.core.errors import AppError
from ecoeco.core.responses import JsonResponse

log = logging.getLogger(__name__)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
}


def _describe(error: Mapping[str, Any]) -> str:
    location = ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "body"
    return f"{location}: {error.get('msg', 'invalid')}"


# SQLSTATEs that mean "the server is not there right now": connection exceptions,
# admin/crash shutdown, and "the database system is starting up".
_UNAVAILABLE_STATES = ("08", "57P01", "57P02", "57P03")


def _unavailable(error: object) -> bool:
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    return isinstance(state, str) and state.startswith(_UNAVAILABLE_STATES)


def is_dependency_failure(exc: BaseException, depth: int = 0) -> bool:
    """True when the error means a database, cache or broker could not be reached."""
    if depth > 5:
        return False
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout):
        return True  # PoolTimeout: every pooled connection stayed busy (saturation)
    if isinstance(exc, DBAPIError) and (exc.connection_invalidated or _unavailable(exc.orig)):
        return True
    if _unavailable(exc):
        return True
    if isinstance(exc, RedisConnectionError | RedisTimeoutError):
        return True
    if isinstance(exc, ConnectionError | TimeoutError | OSError):
        return True
    cause = exc.__cause__ or exc.__context__
    return cause is not None and is_dependency_failure(cause, depth + 1)


def _slash_twin(request: Request) -> str | None:
    """The relative URL of the same path with or without its trailing slash, if routed."""
    path = request.url.path
    if path == "/" or "route" in request.scope:
        return None
    twin = path.rstrip("/") if path.endswith("/") else path + "/"
    scope = {**request.scope, "path": twin}
    for route in request.app.router.routes:
        match, _ = route.matches(scope)
        if match is not Match.NONE:
            query = request.url.query
            # One leading slash only: "//host" would be read as another host.
            return "/" + twin.lstrip("/") + (f"?{query}" if query else "")
    return None


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on an app."""

    @app.exception_handler(AppError)
    async def app_error(_request: Request, exc: AppError) -> JsonResponse:
        return JsonResponse(exc.body(), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JsonResponse:
        errors = list(exc.errors())
        message = "; ".join(_describe(e) for e in errors[:5]) or "invalid request"
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in errors[:20]
        ]
        body = {"error": {"code": "validation_error", "message": message, "details": details}}
        return JsonResponse(body, status_code=422)

    # Starlette's own trailing-slash redirect echoes the Host header into Location;
    # ours (below) answers with a relative Location instead.
    app.router.redirect_slashes = False

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            moved = _slash_twin(request)
            if moved is not None:
                return RedirectResponse(moved, status_code=307)
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        body = {"error": {"code": code, "message": str(exc.detail)}}
        return JsonResponse(body, status_code=exc.status_code, headers=exc.headers)

    async def unexpected(_request: Request, exc: Exception) -> JsonResponse:
        if is_dependency_failure(exc):
            log.warning("dependency unavailable: %r", exc)
            body = {
                "error": {
                    "code": "service_unavailable",
                    "message": "A backing service is unavailable; retry shortly",
                }
            }
            return JsonResponse(body, status_code=503, headers={"Retry-After": "5"})
        log.exception("unhandled error", exc_info=exc)
        body = {"error": {"code": "internal_error", "message": "Internal server error"}}
        return JsonResponse(body, status_code=500)

    # Infrastructure errors are handled inside the exception middleware, which answers
    # and keeps the connection; a handler for bare `Exception` runs in the outermost
    # middleware, which re-raises after answering, so the server drops the connection.
    for infrastructure in (DBAPIError, PoolTimeout, RedisError, OSError):
        app.add_exception_handler(infrastructure, unexpected)
    app.add_exception_handler(Exception, unexpected)
