"""Logic of the chat service: conversations, accepting messages, storing answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from ecoeco.chat.assistant import Answer, Location, Turn
from ecoeco.chat.errors import ConversationNotFound, EmptyMessage, MessageTooLong
from ecoeco.chat.models import Conversation
from ecoeco.chat.repository import (
    ConversationRecord,
    ConversationRepository,
    MessageRecord,
    MessageRepository,
    Said,
    Turns,
)
from ecoeco.chat.schemas import ConversationOut, MessageIn, MessageOut
from ecoeco.chat.settings import ChatSettings
from ecoeco.contracts.chat import ChatExport, ExportedConversation, ExportedMessage
from ecoeco.core.db import new_id, utcnow
from ecoeco.core.errors import AppError, Conflict
from ecoeco.core.pagination import Page, decode_time_cursor, encode_cursor
from ecoeco.core.ratelimit import Limit, RateLimiter

TITLE_CHARS = 40


@dataclass(frozen=True)
class AcceptedMessage:
    """A stored user message and the turn the assistant must answer."""

    conversation_id: str
    message: MessageRecord
    turn: Turn
    replay: MessageRecord | None = None


def _key(cursor: str | None) -> tuple[datetime, str] | None:
    return decode_time_cursor(cursor)


async def create_conversation(
    conn: AsyncConnection,
    limiter: RateLimiter,
    settings: ChatSettings,
    user_id: str,
    title: str | None,
    key: str | None = None,
) -> ConversationRecord:
    """Start a new conversation (the same one again for a repeated Idempotency-Key)."""
    turns = Turns(conn)
    if key is not None and (earlier := await turns.conversation_by_key(user_id, key)) is not None:
        return earlier
    await limiter.hit_all(settings.conversation_limits(), user_id)
    now = utcnow()
    created = ConversationRecord(new_id(), user_id, title, key, now, now)
    try:
        await turns.insert_conversation(created._asdict())
    except IntegrityError:
        raise Conflict("a request with this Idempotency-Key is in progress") from None
    return created


async def conversation(session: AsyncSession, user_id: str, conversation_id: str) -> Conversation:
    """The caller's conversation, or 404 (also when it is someone else's)."""
    found = await ConversationRepository(session).owned(conversation_id, user_id)
    if found is None:
        raise ConversationNotFound()
    return found


async def list_conversations(
    session: AsyncSession, user_id: str, cursor: str | None, limit: int
) -> Page[ConversationOut]:
    """The caller's conversations, newest first."""
    rows = await ConversationRepository(session).page(user_id, _key(cursor), limit + 1)
    items = [ConversationOut.model_validate(r) for r in rows[:limit]]
    last = rows[limit - 1] if len(rows) > limit else None
    next_cursor = encode_cursor(last.created_at.isoformat(), last.id) if last else None
    return Page[ConversationOut](items=items, next_cursor=next_cursor)


async def rename(
    session: AsyncSession, user_id: str, conversation_id: str, title: str
) -> Conversation:
    """Change a conversation's title."""
    found = await conversation(session, user_id, conversation_id)
    found.title = title
    found.updated_at = utcnow()
    await session.flush()
    return found


async def delete_conversation(session: AsyncSession, user_id: str, conversation_id: str) -> None:
    """Delete a conversation and its messages."""
    found = await conversation(session, user_id, conversation_id)
    await MessageRepository(session).delete_conversation(found.id)
    await ConversationRepository(session).delete(found)


async def history(
    session: AsyncSession,
    user_id: str,
    conversation_id: str,
    cursor: str | None,
    limit: int,
    *,
    newest_first: bool,
) -> Page[MessageOut]:
    """A page of a conversation's messages."""
    found = await conversation(session, user_id, conversation_id)
    rows = await MessageRepository(session).page(
        found.id, _key(cursor), limit + 1, newest_first=newest_first
    )
    items = [MessageOut.model_validate(r) for r in rows[:limit]]
    last = rows[limit - 1] if len(rows) > limit else None
    next_cursor = encode_cursor(last.created_at.isoformat(), last.id) if last else None
    return Page[MessageOut](items=items, next_cursor=next_cursor)


async def accept_message(
    conn: AsyncConnection,
    limiter: RateLimiter,
    settings: ChatSettings,
    *,
    user_id: str,
    token: str,
    conversation_id: str,
    body: MessageIn,
    key: str | None = None,
) -> AcceptedMessage:
    """Check limits, store the person's message and gather the conversation's context.

    A repeated Idempotency-Key returns the stored message (and its answer, if any).
    Otherwise three statements: the conversation is marked active (which also proves it
    is the caller's), the recent turns are read, the message is inserted.
    """
    text = body.text.strip()
    refused = _refusal(settings, text, body)
    turns = Turns(conn)
    if refused is not None or key is not None:
        if await turns.owned(conversation_id, user_id) is None:  # 404 before anything else
            raise ConversationNotFound()
        if refused is not None:
            raise refused
        if key is not None and (earlier := await turns.message_by_key(conversation_id, key)):
            return await _replay(turns, settings, earlier, token, body)
    now = utcnow()
    title = text[:TITLE_CHARS] or None
    if not await turns.touch(conversation_id, user_id, now, title):
        raise ConversationNotFound()
    await limiter.hit(message_limit(settings), user_id)
    recent = await turns.recent(conversation_id, settings.history_turns)
    context: dict[str, Any] = {}
    if body.image_key:
        context["image_key"] = body.image_key
    if body.location:
        context["location"] = body.location.model_dump()
    values = _message_values(conversation_id, user_id, "user", text, now, context)
    values["idempotency_key"] = key
    try:
        await turns.insert_message(values)
    except IntegrityError:
        raise Conflict("a request with this Idempotency-Key is in progress") from None
    stored = MessageRecord(**values)
    return AcceptedMessage(conversation_id, stored, _turn(stored, token, body, recent))


def _refusal(settings: ChatSettings, text: str, body: MessageIn) -> AppError | None:
    """Why a message cannot be accepted, whoever sends it (None when it can)."""
    if len(text) > settings.max_text_chars:
        return MessageTooLong(settings.max_text_chars)
    if not text and body.image_key is None:
        return EmptyMessage()
    return None


async def _replay(
    turns: Turns,
    settings: ChatSettings,
    earlier: MessageRecord,
    token: str,
    body: MessageIn,
) -> AcceptedMessage:
    """A message sent again with its Idempotency-Key: the stored one (and its answer)."""
    recent = await turns.recent(earlier.conversation_id, settings.history_turns + 1)
    answered = await turns.answer_to(earlier.id)
    recent = [m for m in recent if m.created_at < earlier.created_at]
    turn = _turn(earlier, token, body, recent)
    return AcceptedMessage(earlier.conversation_id, earlier, turn, answered)


def _message_values(
    conversation_id: str,
    user_id: str,
    role: str,
    text: str,
    at: datetime,
    context: dict[str, Any],
) -> dict[str, Any]:
    """Every column of a new message row (so the row needs no reading back)."""
    return {
        "id": new_id(),
        "conversation_id": conversation_id,
        "user_id": user_id,
        "role": role,
        "idempotency_key": None,
        "reply_to": None,
        "text": text,
        "intent": None,
        "sources": [],
        "context": context,
        "first_token_ms": None,
        "total_ms": None,
        "created_at": at,
    }


def _turn(message: MessageRecord, token: str, body: MessageIn, recent: list[Said]) -> Turn:
    """What the assistant needs to answer a stored message."""
    location = Location(body.location.lat, body.location.lon) if body.location else None
    return Turn(
        text=message.text,
        token=token,
        key=f"chat-{message.id}",
        image_key=body.image_key,
        location=location,
        previous=_last_context(recent),
    )


def _last_context(recent: list[Said]) -> dict[str, Any]:
    """What the latest answer in the recent turns knew (item, category, missing location)."""
    for message in reversed(recent):
        if message.role == "assistant" and message.context:
            return dict(message.context)
    return {}


async def stored_answer(conn: AsyncConnection, message_id: str) -> MessageRecord | None:
    """The answer already stored for a message (a concurrent retry wrote it first)."""
    return await Turns(conn).answer_to(message_id)


async def save_answer(
    conn: AsyncConnection,
    accepted: AcceptedMessage,
    answer: Answer,
    *,
    first_token_ms: int | None,
    total_ms: int,
) -> MessageRecord:
    """Store the assistant's answer to an accepted message."""
    message = accepted.message
    values = _message_values(
        accepted.conversation_id,
        message.user_id,
        "assistant",
        answer.text,
        utcnow(),
        answer.context,
    )
    values.update(
        reply_to=message.id,
        intent=answer.intent.value,
        sources=answer.sources,
        first_token_ms=first_token_ms,
        total_ms=total_ms,
    )
    await Turns(conn).insert_message(values)
    return MessageRecord(**values)


def message_limit(settings: ChatSettings) -> Limit:
    """The per-person limit on messages."""
    return Limit("chat_messages", settings.rate_per_minute, 60.0)


async def forget_limits(limiter: RateLimiter, settings: ChatSettings, user_id: str) -> None:
    """Drop an erased person's rate-limit counters."""
    await limiter.forget([*settings.conversation_limits(), message_limit(settings)], user_id)


async def export(session: AsyncSession, user_id: str) -> ChatExport:
    """Every conversation of the caller with its messages (for their data export)."""
    conversations = ConversationRepository(session)
    by_conversation: dict[str, list[ExportedMessage]] = {}
    for message in await conversations.messages_of(user_id):
        exported = ExportedMessage.model_validate(message, from_attributes=True)
        by_conversation.setdefault(message.conversation_id, []).append(exported)
    return ChatExport(
        conversations=[
            ExportedConversation(
                id=c.id,
                title=c.title,
                created_at=c.created_at,
                updated_at=c.updated_at,
                messages=by_conversation.get(c.id, []),
            )
            for c in await conversations.all_of(user_id)
        ]
    )


async def erase_user(session: AsyncSession, user_id: str) -> int:
    """Erase every conversation of a person who deleted their account."""
    return await ConversationRepository(session).erase_user(user_id)
