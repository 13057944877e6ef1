"""The scan pipeline's backlog: refuse a new scan early when the pipeline is past capacity.

The HTTP admission limit bounds requests in progress, but a scan's wait is behind
`POST /scan`: the broker, the ai worker's cores, the hops back. So the scan service
counts the scans accepted and not yet finished (rows `queued`, i.e. in the pipeline
now, whichever process accepted them) and refuses a new one with 503 `overloaded` and
`Retry-After` while that count is at `max_backlog`. The count is read from the jobs
table, so it is the same for every process and replica and survives a crash; a row
left `queued` by a lost message stops counting once it has not moved for
`backlog_horizon_seconds`. Each process reads it at most every `backlog_sample_seconds`
and adds the scans it accepted since, so the check costs no query on most requests.
"""

from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.db import utcnow
from ecoeco.core.errors import Overloaded
from ecoeco.core.observability import metrics
from ecoeco.scan.repository import ScanRepository
from ecoeco.scan.settings import ScanSettings


class PipelineFull(Overloaded):
    """So many scans wait in the pipeline that a new one could not finish in time."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.message = f"Too many scans are in progress; retry in {retry_after} s"


class PipelineBacklog:
    """The shared count of unfinished scans, sampled per process; the gate on new ones."""

    def __init__(self, settings: ScanSettings) -> None:
        self.limit = settings.max_backlog
        self.horizon = timedelta(seconds=settings.backlog_horizon_seconds)
        self.sample_seconds = settings.backlog_sample_seconds
        self.retry_after = settings.backlog_retry_after_seconds
        self._count = 0
        self._accepted_since = 0  # scans this process accepted since its last reading
        self._sampled_at: float | None = None

    async def admit(self, session: AsyncSession) -> None:
        """Let a new scan go on, or raise `PipelineFull` (503 + Retry-After)."""
        if self.limit <= 0:
            return
        now = time.monotonic()
        if self._sampled_at is None or now - self._sampled_at >= self.sample_seconds:
            await self._read(session, now)
        if self._count >= self.limit and self._accepted_since > 0:
            # The estimate adds the scans accepted since the reading but cannot subtract
            # those finished since: before refusing, read the count itself.
            await self._read(session, now)
        if self._count >= self.limit:
            metrics.SCAN_SHED.labels("scan").inc()
            raise PipelineFull(self.retry_after)

    def accepted(self) -> None:
        """Count a scan admitted and then accepted, until the next reading sees its row.

        Only accepted ones: a request refused after `admit` (the person's limit, a bad
        body) adds nothing to the pipeline, and counting it would refuse others."""
        self._count += 1
        self._accepted_since += 1

    async def _read(self, session: AsyncSession, now: float) -> None:
        self._count = await ScanRepository(session).unfinished_since(utcnow() - self.horizon)
        self._accepted_since = 0
        self._sampled_at = now
        metrics.SCAN_BACKLOG.labels("scan").set(self._count)
