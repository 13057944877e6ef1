"""The base of every event: a stable name (its routing key) and a payload version."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class UnsupportedVersion(ValueError):
    """A payload version this consumer cannot read (newer than it knows, or retired)."""


class Event(BaseModel):
    """A fact one service announces; the models live in `ecoeco.contracts.events`.

    `TYPE` is the routing key and never changes. `VERSION` goes up when the payload
    changes shape. Old payloads wait in the outbox, retry queues and dead letters while
    a release rolls out, so a consumer reads every version from `OLDEST` on:
    `upgrade(version, payload)` turns a payload of `version` into one of `version + 1`.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")
    TYPE: ClassVar[str]
    VERSION: ClassVar[int] = 1
    OLDEST: ClassVar[int] = 1

    @classmethod
    def upgrade(cls, version: int, payload: dict[str, Any]) -> dict[str, Any]:
        """A payload of `version` rewritten as `version + 1` (by default unchanged)."""
        del version  # a subclass whose shape changed looks at it
        return payload

    @classmethod
    def read(cls, payload: dict[str, Any], version: int) -> Any:
        """Validate a payload written at `version`, upgrading it first when older."""
        if not cls.OLDEST <= version <= cls.VERSION:
            raise UnsupportedVersion(
                f"{cls.TYPE} version {version} (this release reads {cls.OLDEST}..{cls.VERSION})"
            )
        for step in range(version, cls.VERSION):
            payload = cls.upgrade(step, payload)
        return cls.model_validate(payload)
