"""The auth service's shapes that others read: who an account is, as its provider said.

Access tokens and events carry only the account id; a service that needs the e-mail
or the provider's display name asks auth for them (`AuthClient`) and keeps them no
longer than its own data about the person.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class LinkedProvider(BaseModel):
    """A provider account linked to the caller's account."""

    provider: str
    created_at: datetime


class AccountOut(BaseModel):
    """The caller's account: the e-mail and display name its provider gave, its logins."""

    user_id: str
    email: str | None
    nickname: str | None
    created_at: datetime
    providers: list[LinkedProvider]


class LoginRecord(BaseModel):
    """One login, refresh or failed attempt on the account (the audit auth keeps)."""

    provider: str
    action: str
    result: str
    ip: str | None
    user_agent: str | None
    created_at: datetime


class LoginHistory(BaseModel):
    """The caller's login history, newest first."""

    items: list[LoginRecord]
