"""Request and response bodies of the auth service."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, EmailStr, Field


class DevLoginRequest(BaseModel):
    """Log in as anyone by email; for development and tests only."""

    email: EmailStr
    nickname: str | None = Field(default=None, min_length=1, max_length=40)


class TokenResponse(BaseModel):
    """What every login and refresh answers."""

    access_token: str
    refresh_token: str | None = None
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
