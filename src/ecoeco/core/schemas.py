"""Response models shared by every service."""

from __future__ import annotations

from pydantic import BaseModel


class ServiceStatus(BaseModel):
    """A service-level health answer."""

    service: str
    status: str = "ok"
    version: str


class ErrorBody(BaseModel):
    """The inner object of every error response."""

    code: str
    message: str


class ErrorResponse(BaseModel):
    """Every 4xx/5xx body: {"error": {"code", "message"}}."""

    error: ErrorBody
