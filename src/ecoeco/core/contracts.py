"""Event contracts shared between services: the only thing they agree on."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class Event(BaseModel):
    """Base of every event; `TYPE` is its routing key and stable name."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    TYPE: ClassVar[str]


class UserRegistered(Event):
    """A new identity was created by a first login."""

    TYPE: ClassVar[str] = "auth.user_registered"
    user_id: str
    email: str | None = None
    nickname: str | None = None
    provider: str


class UserDeleted(Event):
    """A person erased their account; every service erases their data."""

    TYPE: ClassVar[str] = "user.deleted"
    user_id: str


class ScanRequested(Event):
    """A scan job was accepted and waits for the ai worker."""

    TYPE: ClassVar[str] = "scan.requested"
    scan_id: str
    user_id: str
    image_key: str | None = None
    hint: str | None = None


class ScanConfirmed(Event):
    """A person picked a candidate for a scan that needed confirmation."""

    TYPE: ClassVar[str] = "scan.confirmed"
    scan_id: str
    user_id: str
    item: str | None = None
    category: str | None = None
    round: int = 2


class ScanCompleted(Event):
    """A scan reached a category; rewards and stats follow from it."""

    TYPE: ClassVar[str] = "scan.completed"
    scan_id: str
    user_id: str
    item: str | None
    category: str
    recyclable: bool
    confirmed: bool
    confidence: float = 1.0


class CharacterGranted(Event):
    """A character was granted, or a correct scan was scored (`code` None: points only).

    Sent once per starter grant and once per correct scan, even when the daily cap
    left it 0 points (`capped`); `points` already include any first-of-category bonus.
    """

    TYPE: ClassVar[str] = "character.granted"
    user_id: str
    code: str | None
    scan_id: str | None
    points: int = 0
    category: str | None = None
    capped: bool = False


class ScanFinished(Event):
    """The ai worker reached a final status for one round of a scan (full result inside)."""

    TYPE: ClassVar[str] = "scan.finished"
    scan_id: str
    user_id: str
    round: int = 1
    status: str  # done | needs_confirmation | failed
    stage: str | None = None
    result: dict[str, Any] | None = None
    error: dict[str, str] | None = None


EVENT_TYPES: dict[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (
        UserRegistered,
        UserDeleted,
        ScanRequested,
        ScanConfirmed,
        ScanCompleted,
        CharacterGranted,
        ScanFinished,
    )
}
