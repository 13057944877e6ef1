"""SQL of the scan service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    String,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)

from ecoeco.contracts.scan import FINAL_STATUSES
from ecoeco.core.bus import write_last
from ecoeco.core.db import Repository, newest_first, utcnow
from ecoeco.scan.models import QUEUED, ScanJob


@dataclass(frozen=True)
class FinishedRound:
    """A scan as its final event shows it: the round, its final status and result."""

    id: str
    round: int
    status: str
    stage: str | None
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    dumped: bool = False  # result and error are `ScanResult`'s and `ScanError`'s own dumps

    @classmethod
    def of(cls, job: ScanJob) -> FinishedRound:
        """The job's current round."""
        return cls(job.id, job.round, job.status, job.stage, job.result, job.error)


_FINAL = sorted(FINAL_STATUSES)
# The backlog's count: the partial index `ix_jobs_unfinished` holds exactly these rows.
_BACKLOG = select(func.count()).where(QUEUED, ScanJob.updated_at > bindparam("since"))

# The caller's own scan: every GET of a scan and each progress stream (SSE) opens with it.
_OWNED = select(ScanJob).where(
    ScanJob.id == bindparam("b_id"), ScanJob.user_id == bindparam("b_user_id")
)

# Built once (`write_last` builds its statement around each once, by identity).
_CREATE = insert(ScanJob).values(
    {
        name: bindparam(name)
        for name in (
            "id",
            "user_id",
            "idempotency_key",
            "status",
            "round",
            "image_key",
            "thumbnail_key",
            "hint",
            "created_at",
            "updated_at",
        )
    }
)
_FINISH = (  # bound names differ from the columns' (SQLAlchemy reserves those)
    update(ScanJob)
    .where(
        ScanJob.id == bindparam("b_id"),
        ScanJob.user_id == bindparam("b_user_id"),
        ScanJob.round == bindparam("b_round"),
        ScanJob.status.not_in(_FINAL),
    )
    .values(
        status=bindparam("b_status"),
        stage=func.coalesce(bindparam("b_stage", type_=String()), ScanJob.stage),
        result=bindparam("b_result"),
        error=bindparam("b_error"),
        finished_at=bindparam("b_finished_at"),
        updated_at=bindparam("b_finished_at"),
    )
    .returning(ScanJob.status, ScanJob.stage)  # the result and error are the ones written
)


class ScanRepository(Repository[ScanJob]):
    """Scan jobs by id, owner and idempotency key."""

    model = ScanJob

    async def owned(self, scan_id: str, user_id: str) -> ScanJob | None:
        """The scan when it belongs to this user."""
        return await self.one_or_none(_OWNED, {"b_id": scan_id, "b_user_id": user_id})

    async def locked(self, scan_id: str) -> ScanJob | None:
        """The scan, row-locked for an update where the database can lock."""
        return await self.one_or_none(
            select(ScanJob).where(ScanJob.id == scan_id).with_for_update()
        )

    async def create_last(self, job: ScanJob) -> None:
        """Insert a new job as the unit of work's last write (with its outbox rows)."""
        now = utcnow()
        job.created_at = job.updated_at = now
        await write_last(
            self.session,
            _CREATE,
            {
                "id": job.id,
                "user_id": job.user_id,
                "idempotency_key": job.idempotency_key,
                "status": job.status,
                "round": job.round,
                "image_key": job.image_key,
                "thumbnail_key": job.thumbnail_key,
                "hint": job.hint,
                "created_at": now,
                "updated_at": now,
            },
        )

    async def finish(
        self,
        scan_id: str,
        user_id: str,
        round_: int,
        values: dict[str, Any],
    ) -> FinishedRound | None:
        """Write a round's final `values` (status, stage or None to keep it, result,
        error, finished_at) in one statement, if that round is still running; the unit
        of work's last write. The round returned holds the result and error given.

        None when it is not (no such scan of this user, another round, already final);
        the row is locked by the UPDATE itself, as the select-then-update did.
        """
        params = {"b_id": scan_id, "b_user_id": user_id, "b_round": round_}
        params.update((f"b_{name}", value) for name, value in values.items())
        result = await write_last(self.session, _FINISH, params)
        row = result.first() if result is not None else None
        if row is None:
            return None
        return FinishedRound(
            scan_id, round_, row[0], row[1], values["result"], values["error"], dumped=True
        )

    async def unfinished_since(self, since: datetime) -> int:
        """Queued scans only (a running scan's row stays queued), last changed after `since`.

        Its condition is the partial index `ix_jobs_unfinished`'s (`models.QUEUED`).
        """
        return int((await self.session.execute(_BACKLOG, {"since": since})).scalar_one())

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
