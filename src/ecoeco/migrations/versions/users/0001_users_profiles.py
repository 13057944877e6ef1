"""users: profiles

Revision ID: users_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "users_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("users",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("email", sa.String(320)),
        sa.Column("nickname", sa.String(40)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name="pk_profiles"),
        sa.UniqueConstraint("nickname", name="uq_profiles_nickname"),
        schema="users",
    )


def downgrade() -> None:
    op.drop_table("profiles", schema="users")
