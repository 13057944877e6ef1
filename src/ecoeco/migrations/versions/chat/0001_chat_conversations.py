"""chat: conversations and messages

Revision ID: chat_0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ecoeco.core.db.base import UTCDateTime

revision: str = "chat_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("chat",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("title", sa.String(120)),
        sa.Column("idempotency_key", sa.String(100)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversations"),
        sa.UniqueConstraint(
            "user_id", "idempotency_key", name="uq_conversations_user_id_idempotency_key"
        ),
        schema="chat",
    )
    op.create_index(
        "ix_conversations_user_id_updated_at",
        "conversations",
        ["user_id", "updated_at", "id"],
        schema="chat",
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("conversation_id", sa.String(32), nullable=False),
        sa.Column("user_id", sa.String(32), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("idempotency_key", sa.String(100)),
        sa.Column("reply_to", sa.String(32)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(32)),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("first_token_ms", sa.Integer()),
        sa.Column("total_ms", sa.Integer()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_messages"),
        sa.UniqueConstraint(
            "conversation_id",
            "idempotency_key",
            name="uq_messages_conversation_id_idempotency_key",
        ),
        sa.UniqueConstraint("reply_to", name="uq_messages_reply_to"),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["chat.conversations.id"],
            name="fk_messages_conversation_id_conversations",
            ondelete="CASCADE",
        ),
        schema="chat",
    )
    op.create_index(
        "ix_messages_conversation_id_created_at",
        "messages",
        ["conversation_id", "created_at", "id"],
        schema="chat",
    )
    op.create_index("ix_messages_user_id", "messages", ["user_id"], schema="chat")


def downgrade() -> None:
    op.drop_table("messages", schema="chat")
    op.drop_table("conversations", schema="chat")
