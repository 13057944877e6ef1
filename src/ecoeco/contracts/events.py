"""Events between services: typed payloads with a version; ids only, no personal data.

Payloads wait in the outbox, retry queues and dead-letter queues across releases, and
erasure may redact them in place: every field a consumer does not strictly need is
optional, and nothing here names a person beyond their user id.
"""

from __future__ import annotations

from typing import ClassVar

from ecoeco.contracts.scan import ScanError, ScanResult, ScanStage, ScanStatus
from ecoeco.core.bus.event import Event


class UserRegistered(Event):
    """A new identity was created by a first login.

    Version 2 dropped `email` and `nickname`: the users service reads them from the
    person's verified token on their first request instead.
    """

    TYPE: ClassVar[str] = "auth.user_registered"
    VERSION: ClassVar[int] = 2
    user_id: str
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
    """The ai worker reached a final status for one round of a scan (full result inside).

    Version 2 typed what version 1 carried as plain JSON (`status`, `result`, `error`);
    the JSON is the same, so a version 1 payload reads as version 2.
    """

    TYPE: ClassVar[str] = "scan.finished"
    VERSION: ClassVar[int] = 2
    scan_id: str
    user_id: str
    round: int = 1
    status: ScanStatus
    stage: ScanStage | None = None
    result: ScanResult | None = None
    error: ScanError | None = None


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
