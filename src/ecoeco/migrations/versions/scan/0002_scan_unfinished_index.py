"""scan: an index of the unfinished jobs (the pipeline's backlog)

Revision ID: scan_0002
Revises: scan_0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "scan_0002"
down_revision: str | Sequence[str] | None = "scan_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UNFINISHED = sa.text("status = 'queued'")


def upgrade() -> None:
    op.create_index(
        "ix_jobs_unfinished",
        "jobs",
        ["updated_at"],
        schema="scan",
        postgresql_where=_UNFINISHED,
        sqlite_where=_UNFINISHED,
    )


def downgrade() -> None:
    op.drop_index("ix_jobs_unfinished", table_name="jobs", schema="scan")
