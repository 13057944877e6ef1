"""auth: refresh-token families, revoked access tokens, login audit

Revision ID: auth_0002
Revises: auth_0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "auth_0002"
down_revision: str | Sequence[str] | None = "auth_0001"
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
        "token_families",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("account_id", sa.String(32), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("revoked_at", UTCDateTime()),
        sa.Column("revoked_reason", sa.String(40)),
        sa.PrimaryKeyConstraint("id", name="pk_token_families"),
        _account_fk("token_families"),
        schema="auth",
    )
    op.create_index(
        "ix_auth_token_families_account_id", "token_families", ["account_id"], schema="auth"
    )
    op.create_table(
        "refresh_tokens",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("family_id", sa.String(32), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("access_jti", sa.String(32), nullable=False),
        sa.Column("access_expires_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.Column("used_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_refresh_tokens"),
        sa.ForeignKeyConstraint(
            ["family_id"],
            ["auth.token_families.id"],
            name="fk_refresh_tokens_family_id_token_families",
            ondelete="CASCADE",
        ),
        sa.UniqueConstraint("token_hash", name="uq_refresh_tokens_token_hash"),
        schema="auth",
    )
    op.create_index(
        "ix_auth_refresh_tokens_family_id", "refresh_tokens", ["family_id"], schema="auth"
    )
    op.create_table(
        "revoked_tokens",
        sa.Column("jti", sa.String(32), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("jti", name="pk_revoked_tokens"),
        schema="auth",
    )
    op.create_index(
        "ix_auth_revoked_tokens_expires_at", "revoked_tokens", ["expires_at"], schema="auth"
    )
    op.create_table(
        "login_events",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("account_id", sa.String(32)),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("result", sa.String(40), nullable=False),
        sa.Column("ip", sa.String(64)),
        sa.Column("user_agent", sa.String(512)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_events"),
        _account_fk("login_events"),
        schema="auth",
    )
    op.create_index(
        "ix_auth_login_events_account_id", "login_events", ["account_id"], schema="auth"
    )


def downgrade() -> None:
    op.drop_table("login_events", schema="auth")
    op.drop_table("revoked_tokens", schema="auth")
    op.drop_table("refresh_tokens", schema="auth")
    op.drop_table("token_families", schema="auth")
