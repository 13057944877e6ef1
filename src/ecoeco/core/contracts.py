"""Event contracts shared between services: the only thing they agree on."""

from __future__ import annotations

from typing import ClassVar

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


class ScanConfirmed(Event):
    """A person picked a candidate for a scan that needed confirmation."""

    TYPE: ClassVar[str] = "scan.confirmed"
    scan_id: str
    user_id: str


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
    """A character was granted, or points were earned, for a scan."""

    TYPE: ClassVar[str] = "character.granted"
    user_id: str
    code: str | None
    scan_id: str | None
    points: int = 0
    category: str | None = None


class ImageUploaded(Event):
    """An uploaded image is ready for the storage worker."""

    TYPE: ClassVar[str] = "storage.image_uploaded"
    key: str
    user_id: str


EVENT_TYPES: dict[str, type[Event]] = {
    cls.TYPE: cls
    for cls in (
        UserRegistered,
        UserDeleted,
        ScanRequested,
        ScanConfirmed,
        ScanCompleted,
        CharacterGranted,
        ImageUploaded,
    )
}
