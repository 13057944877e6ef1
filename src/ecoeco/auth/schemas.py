"""Request and response bodies of the auth service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field


class DevLoginRequest(BaseModel):
    """Log in as anyone by email; for development and tests only."""

    email: EmailStr
    nickname: str | None = Field(default=None, min_length=1, max_length=40)
    cookie: bool = False


class RefreshRequest(BaseModel):
    """A refresh token to spend (or none, when it travels in the cookie)."""

    refresh_token: str | None = Field(default=None, min_length=16, max_length=256)


class LogoutRequest(BaseModel):
    """The refresh token of the session to end, when no access token is sent."""

    refresh_token: str | None = Field(default=None, min_length=16, max_length=256)


class TokenResponse(BaseModel):
    """What every login and refresh answers."""

    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int


class AuthorizeResponse(BaseModel):
    """Where to send the browser, and the state the callback must bring back."""

    authorization_url: str
    state: str


class IdentityOut(BaseModel):
    """A provider linked to the caller's account."""

    model_config = ConfigDict(from_attributes=True)

    provider: str
    created_at: datetime


class ProvidersOut(BaseModel):
    """How people can sign in here: the configured social providers and the dev login."""

    providers: list[Literal["kakao", "naver", "google"]]
    dev_login: bool


class SessionOut(BaseModel):
    """The session the caller's token proves (for clients that cannot read the cookie).

    Without a token the answer is `authenticated: false` (not a 401), so a page can ask
    whether it is signed in without an error; a token that is sent must be valid.
    """

    authenticated: bool
    user_id: str | None = None
    scopes: list[str] = Field(default_factory=list)
    expires_at: int | None = None


class IdentityList(BaseModel):
    """The providers linked to the caller's account."""

    items: list[IdentityOut]
    next_cursor: None = None
