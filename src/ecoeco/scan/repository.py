"""SQL of the scan service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from ecoeco.contracts.scan import FINAL_STATUSES
from ecoeco.core.db import Repository, newest_first
from ecoeco.scan.models import ScanJob


@dataclass(frozen=True)
class FinishedRound:
    """A scan as its final event shows it: the round, its final status and result."""

    id: str
    round: int
    status: str
    stage: str | None
    result: dict[str, Any] | None
    error: dict[str, Any] | None

    @classmethod
    def of(cls, job: ScanJob) -> FinishedRound:
        """The job's current round."""
        return cls(job.id, job.round, job.status, job.stage, job.result, job.error)


_FINAL = sorted(FINAL_STATUSES)


class ScanRepository(Repository[ScanJob]):
    """Scan jobs by id, owner and idempotency key."""

    model = ScanJob

    async def owned(self, scan_id: str, user_id: str) -> ScanJob | None:
        """The scan when it belongs to this user."""
        return await self.one_or_none(
            select(ScanJob).where(ScanJob.id == scan_id, ScanJob.user_id == user_id)
        )

    async def locked(self, scan_id: str) -> ScanJob | None:
        """The scan, row-locked for an update where the database can lock."""
        return await self.one_or_none(
            select(ScanJob).where(ScanJob.id == scan_id).with_for_update()
        )

    async def finish(
        self,
        scan_id: str,
        user_id: str,
        round_: int,
        values: dict[str, Any],
    ) -> FinishedRound | None:
        """Write a round's final `values` in one statement, if that round is still running.

        None when it is not (no such scan of this user, another round, already final);
        the row is locked by the UPDATE itself, as the select-then-update did.
        """
        stmt = (
            update(ScanJob)
            .where(
                ScanJob.id == scan_id,
                ScanJob.user_id == user_id,
                ScanJob.round == round_,
                ScanJob.status.not_in(_FINAL),
            )
            .values(values)
            .returning(
                ScanJob.id,
                ScanJob.round,
                ScanJob.status,
                ScanJob.stage,
                ScanJob.result,
                ScanJob.error,
            )
        )
        connection = await self.session.connection()  # a plain statement: no ORM state
        row = (await connection.execute(stmt)).first()
        if row is None:
            return None
        return FinishedRound(row[0], row[1], row[2], row[3], row[4], row[5])

    async def by_idempotency_key(self, user_id: str, key: str) -> ScanJob | None:
        """The scan this user created with this key, if any."""
        return await self.one_or_none(
            select(ScanJob).where(ScanJob.user_id == user_id, ScanJob.idempotency_key == key)
        )

    async def history(
        self, user_id: str, limit: int, before: tuple[datetime, str] | None
    ) -> list[ScanJob]:
        """The user's scans, newest first, strictly after the cursor position."""
        stmt = select(ScanJob).where(ScanJob.user_id == user_id)
        return await self.all(newest_first(stmt, ScanJob.created_at, ScanJob.id, before, limit))

    async def all_of(self, user_id: str) -> list[ScanJob]:
        """Every scan of a user, newest first."""
        stmt = (
            select(ScanJob)
            .where(ScanJob.user_id == user_id)
            .order_by(ScanJob.created_at.desc(), ScanJob.id.desc())
        )
        return await self.all(stmt)

    async def erase_user(self, user_id: str) -> int:
        """Delete every scan of a user; returns how many."""
        result = await self.session.execute(delete(ScanJob).where(ScanJob.user_id == user_id))
        return int(getattr(result, "rowcount", 0) or 0)
