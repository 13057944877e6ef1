"""character: collectors, ownerships, the scan points ledger and daily tallies

Revision ID: character_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "character_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("character",)
depends_on: str | Sequence[str] | None = None

SCHEMA = "character"


def upgrade() -> None:
    op.create_table(
        "collectors",
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("first_seen_at", UTCDateTime(), nullable=False),
        sa.Column("last_event_at", UTCDateTime(), nullable=False),
        sa.Column("erased_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("user_id", name="pk_collectors"),
        schema=SCHEMA,
    )
    op.create_table(
        "ownerships",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("character_code", sa.String(40), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("scan_id", sa.String(64)),
        sa.Column("acquired_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ownerships"),
        sa.UniqueConstraint(
            "user_id", "character_code", name="uq_ownerships_user_id_character_code"
        ),
        schema=SCHEMA,
    )
    op.create_table(
        "scan_rewards",
        sa.Column("scan_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("character_code", sa.String(40)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scan_id", name="pk_scan_rewards"),
        schema=SCHEMA,
    )
    op.create_index("ix_character_scan_rewards_user_id", "scan_rewards", ["user_id"], schema=SCHEMA)
    op.create_table(
        "daily_tallies",
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("scans", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "category", "day", name="pk_daily_tallies"),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("daily_tallies", schema=SCHEMA)
    op.drop_index("ix_character_scan_rewards_user_id", "scan_rewards", schema=SCHEMA)
    op.drop_table("scan_rewards", schema=SCHEMA)
    op.drop_table("ownerships", schema=SCHEMA)
    op.drop_table("collectors", schema=SCHEMA)
