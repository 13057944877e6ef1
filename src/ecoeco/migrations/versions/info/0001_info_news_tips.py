"""info: news articles, feed fetch state, tips

Revision ID: info_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "info_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("info",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("published_at", UTCDateTime(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("image", sa.String(2048)),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("url", name="uq_articles_url"),
        schema="info",
    )
    op.create_index(
        "ix_articles_published_at_id", "articles", ["published_at", "id"], schema="info"
    )
    op.create_index(
        "ix_articles_category_published_at_id",
        "articles",
        ["category", "published_at", "id"],
        schema="info",
    )
    op.create_table(
        "feed_states",
        sa.Column("feed_url", sa.String(2048), nullable=False),
        sa.Column("etag", sa.String(512)),
        sa.Column("last_modified", sa.String(64)),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("feed_url", name="pk_feed_states"),
        schema="info",
    )
    op.create_table(
        "tips",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("category", sa.String(32)),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("author_id", sa.String(32), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tips"),
        schema="info",
    )
    op.create_index(
        "ix_tips_published_created_at_id",
        "tips",
        ["published", "created_at", "id"],
        schema="info",
    )


def downgrade() -> None:
    op.drop_table("tips", schema="info")
    op.drop_table("feed_states", schema="info")
    op.drop_table("articles", schema="info")
