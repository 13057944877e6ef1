"""Request and response bodies of the chat service."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ecoeco.chat.settings import ChatSettings
from ecoeco.core.text import PlainText

HARD_TEXT_LIMIT = 20_000  # beyond any configured limit; keeps absurd bodies out early


class ConversationIn(BaseModel):
    """A new conversation."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=120)


class ConversationPatch(BaseModel):
    """A new title."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=120)


class ConversationOut(BaseModel):
    """A conversation as its owner sees it."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str | None
    created_at: datetime
    updated_at: datetime


class LocationIn(BaseModel):
    """Where the person is, in WGS84 degrees."""

    model_config = ConfigDict(extra="forbid")

    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


def _message_schema(schema: dict[str, Any]) -> None:
    """Declare what the service enforces: the configured length (not the hard backstop),
    text that says something when it is sent, and text or an `image_key` in every message."""
    schema["properties"]["text"]["maxLength"] = ChatSettings().max_text_chars
    schema["properties"]["text"]["pattern"] = r"\S"
    schema["properties"]["text"].pop("default", None)  # absent means no text
    # Text, an image, or both: a location alone is not a question. (As if/then rather
    # than anyOf, so generated clients keep one MessageIn model.)
    schema["if"] = {"not": {"required": ["text"]}}
    schema["then"] = {"required": ["image_key"], "properties": {"image_key": {"type": "string"}}}


class MessageIn(BaseModel):
    """A message to the assistant: text, an uploaded image, a location."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_message_schema)

    text: PlainText = Field(default="", max_length=HARD_TEXT_LIMIT)
    image_key: str | None = Field(default=None, min_length=1, max_length=300)
    location: LocationIn | None = None


class SourceCategory(BaseModel):
    """The category a source points at."""

    slug: str
    name_ko: str
    name_en: str


class SourceItem(BaseModel):
    """The item a source points at."""

    id: str
    name_ko: str
    name_en: str


class Source(BaseModel):
    """A piece of the disposal guide an answer used."""

    category: SourceCategory
    item: SourceItem | None = None


class MessageOut(BaseModel):
    """A stored message with its intent, sources and timing."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    conversation_id: str
    role: str
    text: str
    intent: str | None
    sources: list[Source]
    context: dict[str, Any]
    first_token_ms: int | None
    total_ms: int | None
    created_at: datetime


class ChatStartEvent(BaseModel):
    """The first SSE event of an answer: the stored question."""

    conversation_id: str
    user_message: MessageOut


class ChatChunkEvent(BaseModel):
    """A piece of the answer as it is written."""

    text: str


class ChatErrorBody(BaseModel):
    """Why the answer stopped."""

    code: str
    message: str


class ChatErrorEvent(BaseModel):
    """The answer failed after the stream began (the HTTP status was already 200)."""

    error: ChatErrorBody


CHAT_EVENTS: dict[str, type[BaseModel]] = {
    "start": ChatStartEvent,
    "chunk": ChatChunkEvent,
    "final": MessageOut,
    "error": ChatErrorEvent,
}
