"""Opaque cursors and the `{items, next_cursor}` page every list endpoint returns."""

from __future__ import annotations

import base64
import math
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import orjson
from pydantic import BaseModel

from ecoeco.core.errors import BadRequest
from ecoeco.core.text import has_control

ItemT = TypeVar("ItemT")


class Page(BaseModel, Generic[ItemT]):
    """One page of a list; `next_cursor` is null on the last page."""

    items: list[ItemT]
    next_cursor: str | None = None


def encode_cursor(*values: Any) -> str:
    """Pack a sort key into an opaque url-safe string."""
    return base64.urlsafe_b64encode(orjson.dumps(list(values))).rstrip(b"=").decode()


def decode_cursor(cursor: str | None, arity: int) -> list[Any] | None:
    """Unpack a cursor; a tampered one is a 400, not a 500."""
    if cursor is None:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = orjson.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, orjson.JSONDecodeError):
        raise BadRequest("invalid cursor") from None
    if not isinstance(values, list) or len(values) != arity:
        raise BadRequest("invalid cursor")
    if not all(_plain(value) for value in values):
        raise BadRequest("invalid cursor")
    return values


# Larger numbers than any sort key we emit; a database would refuse to bind some of them.
_LARGEST = 2**53


def _plain(value: Any) -> bool:
    """A value a cursor may hold: short text without control characters, or a sane number."""
    if isinstance(value, str):
        return len(value) <= 300 and not has_control(value)
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) <= _LARGEST
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) <= _LARGEST
    return False


TimeKey = tuple[datetime, str]


def encode_time_cursor(at: datetime, ident: str) -> str:
    """The cursor after a row sorted by (time, id)."""
    return encode_cursor(at.isoformat(), ident)


def decode_time_cursor(cursor: str | None) -> TimeKey | None:
    """The (aware time, id) a cursor carries; a tampered one is a 400."""
    values = decode_cursor(cursor, 2)
    if values is None:
        return None
    stamp, ident = values
    if not isinstance(stamp, str) or not isinstance(ident, str):
        raise BadRequest("invalid cursor")
    try:
        moment = datetime.fromisoformat(stamp)
        # In UTC, as stored; a date at the edge of the calendar overflows here, not in SQL.
        utc = moment.astimezone(UTC) if moment.tzinfo is not None else None
    except (ValueError, OverflowError):
        raise BadRequest("invalid cursor") from None
    if utc is None:
        raise BadRequest("invalid cursor")
    return utc, ident
