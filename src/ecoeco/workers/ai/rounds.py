"""One pass of the pipeline over one scan, and what it writes to the cache and the hub.

A round's writes wait for its next wait (the inference) or its end, and then go
together: the stages after vision take microseconds, and a write per stage was a
round trip per stage on Redis. Each batch also looks whether the person's account was
erased meanwhile (the first one writes nothing if so), which were round trips of their own.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from ecoeco.contracts.names import ScanProgress, scan_stream
from ecoeco.contracts.scan import ScanStage, ScanStageEvent
from ecoeco.core.batch import Batch, Batcher
from ecoeco.core.security.tokens import erased_key

log = logging.getLogger(__name__)

KEPT_TTL = 3600.0  # the progress key and the vision result both live an hour


@dataclass
class Round:
    """The scan, its round, the stage it is in, and what the next flush writes."""

    scan_id: str
    user_id: str
    round: int
    stage: ScanStage = ScanStage.vision
    keep: dict[str, bytes] = field(default_factory=dict)  # cache entries
    events: list[ScanStageEvent] = field(default_factory=list)
    erased: bool = False  # the person's account was found erased (nothing is recorded)

    def enter(self, stage: ScanStage) -> float:
        """Move to a stage (its progress key is kept for the flush); returns the time."""
        self.stage = stage
        self.keep[ScanProgress.key(self.scan_id)] = ScanProgress(self.round, stage).encode()
        return time.perf_counter()

    def announce(self, event: ScanStageEvent) -> None:
        """Queue a stage event for the flush."""
        self.events.append(event)

    async def flush(self, batcher: Batcher, *, guard: bool = False) -> None:
        """Write what was kept and announced in one batch: the cache first (a client that
        sees an event and then reads the scan finds it at least at that stage), then the
        events; and look whether the account was erased (with `guard`, before writing and
        instead of it: the round has not started; otherwise after the writes)."""
        keep, events = self.keep, self.events
        self.keep, self.events = {}, []
        batch = Batch(
            keep,
            KEPT_TTL,
            scan_stream(self.scan_id),
            [(e.stage, e.data()) for e in events],
            marker=erased_key(self.user_id),
            unless_marked=guard,
        )
        self.erased = await batcher.send(batch) or self.erased

    async def flush_after_error(self, batcher: Batcher) -> bool:
        """What a failed round announced still goes out (as it did one write at a time);
        a failure to write it does not hide the round's own error. True when written
        (and the account looked at)."""
        try:
            await self.flush(batcher)
        except Exception:
            log.warning("scan %s: progress not written after a failed round", self.scan_id)
            return False
        return True
