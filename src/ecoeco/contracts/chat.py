"""The chat service's shapes that others read."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class ExportedMessage(BaseModel):
    """One message of a conversation, as exported."""

    id: str
    role: str
    text: str
    intent: str | None
    created_at: datetime


class ExportedConversation(BaseModel):
    """A conversation with every message in it, oldest first."""

    id: str
    title: str | None
    created_at: datetime
    updated_at: datetime
    messages: list[ExportedMessage]


class ChatExport(BaseModel):
    """Every conversation of the caller (their data export)."""

    conversations: list[ExportedConversation]
