"""Request and response bodies of the users service."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ecoeco.contracts.auth import AccountOut, LoginRecord
from ecoeco.contracts.character import OwnedCharacterOut, PointsEntry
from ecoeco.contracts.chat import ExportedConversation
from ecoeco.contracts.scan import ScanOut
from ecoeco.contracts.users import CategoryCount, StatsOut
from ecoeco.users import nicknames

__all__ = [
    "CategoryCount",
    "NotificationSettings",
    "NotificationUpdate",
    "ProfileOut",
    "ProfileUpdate",
    "StatsOut",
]


class NotificationSettings(BaseModel):
    """Which notifications a person wants."""

    scan_results: bool
    news: bool
    marketing: bool


class NotificationUpdate(BaseModel):
    """A partial change to the notification settings."""

    model_config = ConfigDict(extra="forbid")

    scan_results: bool | None = None
    news: bool | None = None
    marketing: bool | None = None


class ProfileOut(BaseModel):
    """A person's own profile."""

    user_id: str
    email: str | None
    nickname: str | None
    profile_image_key: str | None
    notifications: NotificationSettings
    created_at: datetime
    updated_at: datetime


class ProfileUpdate(BaseModel):
    """A partial change to the caller's profile; `null` clears the image."""

    model_config = ConfigDict(extra="forbid")

    nickname: str | None = Field(default=None, max_length=100)
    profile_image_key: str | None = Field(default=None, max_length=512)
    notifications: NotificationUpdate | None = None

    @field_validator("nickname")
    @classmethod
    def _nickname_rules(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return nicknames.validate(value)
        except nicknames.NicknameError as exc:
            raise ValueError(str(exc)) from None


class ExportOut(BaseModel):
    """Everything EcoEco holds on the caller, as one document (`GET /users/me/export`).

    `account` is what the login provider gave (null for an account auth does not know);
    `login_history` holds the last 1,000 logins, refreshes and failed attempts.
    """

    exported_at: datetime
    profile: ProfileOut
    account: AccountOut | None
    login_history: list[LoginRecord]
    stats: StatsOut
    scans: list[ScanOut]
    characters: list[OwnedCharacterOut]
    points_ledger: list[PointsEntry]
    conversations: list[ExportedConversation]
