"""Tables of the scan schema."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ColumnElement, Index, String, UniqueConstraint, literal_column
from sqlalchemy.orm import Mapped, mapped_column

from ecoeco.contracts.scan import ScanStatus
from ecoeco.core.db import Base, utcnow

SCHEMA = "scan"


class ScanJob(Base):
    """One photo (or hint) on its way to a disposal guide, and where it got to."""

    __tablename__ = "jobs"
    __table_args__ = (
        UniqueConstraint("user_id", "idempotency_key"),
        Index("ix_jobs_user_history", "user_id", "created_at", "id"),
        {"schema": SCHEMA},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(24), default="queued")
    stage: Mapped[str | None] = mapped_column(String(24))
    round: Mapped[int] = mapped_column(default=1)
    image_key: Mapped[str | None] = mapped_column(String(512))
    thumbnail_key: Mapped[str | None] = mapped_column(String(512))
    hint: Mapped[str | None] = mapped_column(String(200))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reward: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()


# The pipeline's backlog: queued scans (a running scan's row stays queued; the worker's
# progress lives in the cache). Written once for the count (`ScanRepository.
# unfinished_since`) and its partial index. A literal, not a bound value, so PostgreSQL's
# generic plans still match the index; its DDL reads `status = 'queued'`, the text of
# migration scan_0002 (tests/unit/scan/test_backlog_condition.py).
QUEUED: ColumnElement[bool] = ScanJob.status == literal_column(f"'{ScanStatus.queued.value}'")

Index("ix_jobs_unfinished", ScanJob.updated_at, postgresql_where=QUEUED, sqlite_where=QUEUED)
