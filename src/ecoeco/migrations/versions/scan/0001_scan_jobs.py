"""scan: jobs

Revision ID: scan_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "scan_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("scan",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("idempotency_key", sa.String(200)),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("stage", sa.String(24)),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("image_key", sa.String(512)),
        sa.Column("thumbnail_key", sa.String(512)),
        sa.Column("hint", sa.String(200)),
        sa.Column("result", sa.JSON()),
        sa.Column("reward", sa.JSON()),
        sa.Column("error", sa.JSON()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_jobs"),
        sa.UniqueConstraint("user_id", "idempotency_key", name="uq_jobs_user_id_idempotency_key"),
        schema="scan",
    )
    op.create_index("ix_jobs_user_history", "jobs", ["user_id", "created_at", "id"], schema="scan")


def downgrade() -> None:
    op.drop_index("ix_jobs_user_history", table_name="jobs", schema="scan")
    op.drop_table("jobs", schema="scan")
