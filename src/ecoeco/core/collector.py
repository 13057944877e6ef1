"""The cyclic garbage collector's young-generation threshold while an app runs.

Serving a request allocates many short-lived container objects (dicts, lists, frames'
locals); at CPython's default threshold (700 net allocations) the young generation is
collected several times per request under load. While any app of the process runs, the
threshold is raised; when the last one stops, the thresholds found are put back.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000


class _Raised:
    """How many running apps hold the raised threshold, and what it replaced."""

    def __init__(self) -> None:
        self.holders = 0
        self.before: tuple[int, int, int] | None = None

    def hold(self) -> None:
        if self.holders == 0:
            self.before = gc.get_threshold()
            gc.set_threshold(YOUNG_THRESHOLD, *self.before[1:])
        self.holders += 1

    def release(self) -> None:
        self.holders -= 1
        if self.holders == 0 and self.before is not None:
            gc.set_threshold(*self.before)
            self.before = None


_RAISED = _Raised()


def raise_young_threshold() -> None:
    """Raise the young generation's threshold (an app starts)."""
    _RAISED.hold()


def restore_threshold() -> None:
    """Put the thresholds back once no app runs any more (an app stops)."""
    _RAISED.release()
