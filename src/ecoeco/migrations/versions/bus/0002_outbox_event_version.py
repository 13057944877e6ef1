"""bus: the payload version of each outbox message

Revision ID: bus_0002
Revises: bus_0001
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "bus_0002"
down_revision: str | Sequence[str] | None = "bus_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _schema() -> str | None:
    # On SQLite every schema folds into one file.
    return None if op.get_bind().dialect.name == "sqlite" else "bus"


def upgrade() -> None:
    # Rows written before versions existed are version 1.
    column = sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    op.add_column("outbox", column, schema=_schema())


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=_schema()) as batch:
        batch.drop_column("version")
