"""A refusal says when to come back: the load's people wait that long, as the app does.

Past capacity the system answers 503 (load shed) or 429 (a rate limit) with
`Retry-After`. A person who is told to wait and asks again at once only adds load the
system has already said it cannot take; the harness honours the header instead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime

REFUSING = (429, 503)
LONGEST_S = 120.0  # a header asking for longer is read as this (a run lasts minutes)


def retry_after_seconds(
    status: int, headers: Mapping[str, str], now: Callable[[], float] = time.time
) -> float | None:
    """Seconds to wait when this answer is a refusal that says when to retry, else None.

    `Retry-After` is either seconds or an HTTP date (RFC 9110); a date in the past reads 0.
    """
    if status not in REFUSING:
        return None
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = parsedate_to_datetime(value).timestamp() - now()
        except (TypeError, ValueError):
            return None
    return min(max(seconds, 0.0), LONGEST_S)


class Backoff:
    """When a person may send their next task, after the refusals they were given."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.until = 0.0

    def refused(self, seconds: float) -> None:
        """A refusal asked for `seconds`: keep the latest time any refusal asked for."""
        self.until = max(self.until, self.clock() + seconds)

    def pause(self, usual: float) -> float:
        """The pause before the next task: the usual one, or longer while told to wait."""
        return max(usual, self.until - self.clock())
