"""users: nickname key, profile image, notification settings, points and scan tallies

Revision ID: users_0002
Revises: users_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "users_0002"
down_revision: str | Sequence[str] | None = "users_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _profiles_schema() -> str | None:
    # Batch mode rebuilds the table on SQLite, where every schema folds into one file.
    return None if op.get_bind().dialect.name == "sqlite" else "users"


def upgrade() -> None:
    with op.batch_alter_table("profiles", schema=_profiles_schema()) as batch:
        batch.add_column(sa.Column("nickname_key", sa.String(40)))
        batch.add_column(sa.Column("profile_image_key", sa.String(512)))
        batch.add_column(
            sa.Column("notify_scan_results", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column("notify_news", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column("notify_marketing", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_unique_constraint("uq_profiles_nickname_key", ["nickname_key"])
    profiles = sa.table(
        "profiles", sa.column("nickname"), sa.column("nickname_key"), schema=_profiles_schema()
    )
    op.execute(profiles.update().values(nickname_key=sa.func.lower(profiles.c.nickname)))
    op.create_table(
        "point_balances",
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_point_balances"),
        schema="users",
    )
    op.create_table(
        "scan_tallies",
        sa.Column("scan_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("category", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("scan_id", name="pk_scan_tallies"),
        schema="users",
    )
    op.create_index(
        "ix_scan_tallies_user_id_day", "scan_tallies", ["user_id", "day"], schema="users"
    )


def downgrade() -> None:
    op.drop_table("scan_tallies", schema="users")
    op.drop_table("point_balances", schema="users")
    with op.batch_alter_table("profiles", schema=_profiles_schema()) as batch:
        batch.drop_constraint("uq_profiles_nickname_key", type_="unique")
        for column in (
            "notify_marketing",
            "notify_news",
            "notify_scan_results",
            "profile_image_key",
            "nickname_key",
        ):
            batch.drop_column(column)
