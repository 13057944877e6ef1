"""bus: outbox, inbox, in-process deliveries, dead letters

Revision ID: bus_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "bus_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("bus",)
depends_on: str | Sequence[str] | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(32), nullable=False),
        sa.Column("type", sa.String(100), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("trace_id", sa.String(64)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("published_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("seq", name="pk_outbox"),
        sa.UniqueConstraint("message_id", name="uq_outbox_message_id"),
        schema="bus",
    )
    op.create_index("ix_bus_outbox_published_at", "outbox", ["published_at"], schema="bus")
    op.create_index(
        "ix_outbox_unpublished",
        "outbox",
        ["seq"],
        schema="bus",
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.String(50), nullable=False),
        sa.Column("message_id", sa.String(32), nullable=False),
        sa.Column("processed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "message_id", name="pk_inbox"),
        schema="bus",
    )
    op.create_table(
        "deliveries",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(50), nullable=False),
        sa.Column("message_id", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("available_at", UTCDateTime(), nullable=False),
        sa.Column("last_error", sa.Text()),
        sa.PrimaryKeyConstraint("seq", name="pk_deliveries"),
        schema="bus",
    )
    op.create_index("ix_deliveries_due", "deliveries", ["consumer", "available_at"], schema="bus")
    op.create_table(
        "dead_letters",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=True),
        sa.Column("consumer", sa.String(50), nullable=False),
        sa.Column("message_id", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_dead_letters"),
        schema="bus",
    )


def downgrade() -> None:
    for table in ("dead_letters", "deliveries", "inbox", "outbox"):
        op.drop_table(table, schema="bus")
