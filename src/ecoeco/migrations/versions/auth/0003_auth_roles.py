"""auth: account roles (admin) and their audit

Revision ID: auth_0003
Revises: auth_0002
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "auth_0003"
down_revision: str | Sequence[str] | None = "auth_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _account_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["account_id"],
        ["auth.accounts.id"],
        name=f"fk_{table}_account_id_accounts",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "account_roles",
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("granted_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", "role", name="pk_account_roles"),
        _account_fk("account_roles"),
        schema="auth",
    )
    op.create_table(
        "role_changes",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_role_changes"),
        _account_fk("role_changes"),
        schema="auth",
    )
    op.create_index(
        "ix_auth_role_changes_account_id", "role_changes", ["account_id"], schema="auth"
    )


def downgrade() -> None:
    op.drop_table("role_changes", schema="auth")
    op.drop_table("account_roles", schema="auth")
