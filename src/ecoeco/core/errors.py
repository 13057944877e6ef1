"""One error hierarchy, rendered everywhere as {"error": {"code", "message"}}."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import orjson
from starlette.types import Send


class AppError(Exception):
    """An expected failure with an HTTP status and a stable machine code."""

    status_code: ClassVar[int] = 400
    code: ClassVar[str] = "bad_request"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The JSON body this error is rendered as."""
        return {"error": {"code": self.code, "message": self.message}}


class BadRequest(AppError):
    """The request is malformed in a way validation could not catch."""


class ValidationFailed(AppError):
    """The input failed validation."""

    status_code = 422
    code = "validation_error"


class Unauthorized(AppError):
    """No valid credentials."""

    status_code = 401
    code = "unauthorized"

    def __init__(self, message: str = "Authentication required") -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(AppError):
    """Valid credentials without the right to do this."""

    status_code = 403
    code = "forbidden"


class NotFound(AppError):
    """The thing does not exist, or is not yours to see."""

    status_code = 404
    code = "not_found"


class CsrfFailed(Forbidden):
    """A cookie-authenticated unsafe request that did not prove it comes from our origin."""

    code = "csrf_failed"


class Conflict(AppError):
    """The request conflicts with the current state."""

    status_code = 409
    code = "conflict"


class PayloadTooLarge(AppError):
    """The body is larger than allowed."""

    status_code = 413
    code = "payload_too_large"


class UnsupportedMedia(AppError):
    """The content type is not accepted."""

    status_code = 415
    code = "unsupported_media_type"


class RateLimited(AppError):
    """Too many requests; retry after the given seconds."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, retry_after: int, message: str = "Too many requests") -> None:
        super().__init__(message, headers={"Retry-After": str(max(1, retry_after))})
        self.retry_after = max(1, retry_after)


class ServiceUnavailable(AppError):
    """A dependency is down; retry later."""

    status_code = 503
    code = "service_unavailable"

    def __init__(self, message: str = "Temporarily unavailable", retry_after: int = 5) -> None:
        super().__init__(message, headers={"Retry-After": str(retry_after)})


class Overloaded(AppError):
    """The process is past its admission limit; retry after the given seconds."""

    status_code = 503
    code = "overloaded"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"The server is busy; retry in {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )


async def send_error(
    send: Send, error: AppError, extra_headers: Iterable[tuple[bytes, bytes]] = ()
) -> None:
    """Answer with `error` straight from ASGI middleware, where no handler renders it."""
    body = orjson.dumps(error.body())
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode(), v.encode()) for k, v in error.headers.items()),
        *extra_headers,
    ]
    await send({"type": "http.response.start", "status": error.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})
