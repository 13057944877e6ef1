"""SQL of the chat service."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Table, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ecoeco.chat.models import ChatMessage, Conversation
from ecoeco.core.db import Repository, newest_first
from ecoeco.core.db.base import UTCDateTime

# A chat turn's statements are built once, on the tables (Core): each turn runs them with
# its own values, with no statement to build, no unit of work to flush and no entity to
# load back (the ORM's share of a turn's CPU was larger than the assistant's; see
# docs/performance-chat.md).
_conversations: Table = Conversation.__table__  # type: ignore[assignment]
_messages: Table = ChatMessage.__table__  # type: ignore[assignment]
_INSERT_CONVERSATION = insert(_conversations)
_INSERT_MESSAGE = insert(_messages)
# Proves ownership and records the activity in one statement (no row is read back): it
# matches nothing when the conversation is gone or someone else's. The first text
# becomes the title of a conversation that has none.
_TOUCH = (
    update(_conversations)
    .where(_conversations.c.id == bindparam("b_id"))
    .where(_conversations.c.user_id == bindparam("b_user"))
    .values(
        updated_at=bindparam("b_now", type_=UTCDateTime()),
        title=func.coalesce(
            _conversations.c.title, bindparam("b_title", type_=_conversations.c.title.type)
        ),
    )
)
_RECENT = (
    select(_messages.c.role, _messages.c.created_at, _messages.c.context)
    .where(_messages.c.conversation_id == bindparam("b_conversation"))
    .order_by(_messages.c.created_at.desc(), _messages.c.id.desc())
    .limit(bindparam("b_count"))
)


class ConversationRecord(NamedTuple):
    """A conversation row as a turn reads or writes it (no ORM entity: see `Turns`)."""

    id: str
    user_id: str
    title: str | None
    idempotency_key: str | None
    created_at: datetime
    updated_at: datetime


class MessageRecord(NamedTuple):
    """A message row as a turn reads or writes it (no ORM entity: see `Turns`)."""

    id: str
    conversation_id: str
    user_id: str
    role: str
    idempotency_key: str | None
    reply_to: str | None
    text: str
    intent: str | None
    sources: list[dict[str, Any]]
    context: dict[str, Any]
    first_token_ms: int | None
    total_ms: int | None
    created_at: datetime


# Whole rows, their columns in the records' order.
_CONVERSATION = select(*(_conversations.c[name] for name in ConversationRecord._fields))
_MESSAGE = select(*(_messages.c[name] for name in MessageRecord._fields))
_CONVERSATION_BY_KEY = _CONVERSATION.where(
    _conversations.c.user_id == bindparam("b_user"),
    _conversations.c.idempotency_key == bindparam("b_key"),
)
_OWNED = _CONVERSATION.where(
    _conversations.c.id == bindparam("b_id"), _conversations.c.user_id == bindparam("b_user")
)
_MESSAGE_BY_KEY = _MESSAGE.where(
    _messages.c.conversation_id == bindparam("b_conversation"),
    _messages.c.idempotency_key == bindparam("b_key"),
)
_ANSWER_TO = _MESSAGE.where(_messages.c.reply_to == bindparam("b_message"))


# The caller's conversation (GET, rename, delete, export): built once, each call binds its ids.
_OWNED_ENTITY = select(Conversation).where(
    Conversation.id == bindparam("b_id"), Conversation.user_id == bindparam("b_user")
)


class ConversationRepository(Repository[Conversation]):
    """Conversations by owner."""

    model = Conversation

    async def owned(self, conversation_id: str, user_id: str) -> Conversation | None:
        """The conversation if it belongs to `user_id`."""
        return await self.one_or_none(_OWNED_ENTITY, {"b_id": conversation_id, "b_user": user_id})

    async def page(
        self, user_id: str, after: tuple[datetime, str] | None, limit: int
    ) -> list[Conversation]:
        """Newest first, starting after the cursor key."""
        stmt = select(Conversation).where(Conversation.user_id == user_id)
        return await self.all(
            newest_first(stmt, Conversation.created_at, Conversation.id, after, limit)
        )

    async def all_of(self, user_id: str) -> list[Conversation]:
        """Every conversation of a person, oldest first."""
        stmt = (
            select(Conversation)
            .where(Conversation.user_id == user_id)
            .order_by(Conversation.created_at, Conversation.id)
        )
        return await self.all(stmt)

    async def messages_of(self, user_id: str) -> list[ChatMessage]:
        """Every message in a person's conversations, oldest first."""
        stmt = (
            select(ChatMessage)
            .where(ChatMessage.user_id == user_id)
            .order_by(ChatMessage.created_at, ChatMessage.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def erase_user(self, user_id: str) -> int:
        """Delete every conversation and message of a person; returns conversations deleted."""
        await self.session.execute(delete(ChatMessage).where(ChatMessage.user_id == user_id))
        result = await self.session.execute(
            delete(Conversation).where(Conversation.user_id == user_id)
        )
        return int(getattr(result, "rowcount", 0) or 0)


class Said(NamedTuple):
    """What a recent message was, as far as the next turn cares."""

    role: str
    created_at: datetime
    context: dict[str, Any]


class MessageRepository(Repository[ChatMessage]):
    """Messages of a conversation."""

    model = ChatMessage

    async def page(
        self,
        conversation_id: str,
        after: tuple[datetime, str] | None,
        limit: int,
        *,
        newest_first: bool,
    ) -> list[ChatMessage]:
        """Messages in time order (or reversed), starting after the cursor key."""
        stmt = select(ChatMessage).where(ChatMessage.conversation_id == conversation_id)
        if after is not None:
            at, ident = after
            if newest_first:
                later = or_(
                    ChatMessage.created_at < at,
                    and_(ChatMessage.created_at == at, ChatMessage.id < ident),
                )
            else:
                later = or_(
                    ChatMessage.created_at > at,
                    and_(ChatMessage.created_at == at, ChatMessage.id > ident),
                )
            stmt = stmt.where(later)
        if newest_first:
            stmt = stmt.order_by(ChatMessage.created_at.desc(), ChatMessage.id.desc())
        else:
            stmt = stmt.order_by(ChatMessage.created_at.asc(), ChatMessage.id.asc())
        return await self.all(stmt.limit(limit))

    async def delete_conversation(self, conversation_id: str) -> None:
        """Delete every message of a conversation."""
        await self.session.execute(
            delete(ChatMessage).where(ChatMessage.conversation_id == conversation_id)
        )


class Turns:
    """A chat turn's statements on a Core connection (`Database.statements`): a new
    conversation, a message accepted, an answer stored. Rows come back as records, and
    what is written is never read back."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn

    async def insert_conversation(self, values: dict[str, Any]) -> None:
        """Insert one conversation row from its column values."""
        await self.conn.execute(_INSERT_CONVERSATION, values)

    async def conversation_by_key(self, user_id: str, key: str) -> ConversationRecord | None:
        """The conversation created earlier with this Idempotency-Key."""
        params = {"b_user": user_id, "b_key": key}
        row = (await self.conn.execute(_CONVERSATION_BY_KEY, params)).first()
        return None if row is None else ConversationRecord(*row)

    async def owned(self, conversation_id: str, user_id: str) -> ConversationRecord | None:
        """The conversation if it belongs to `user_id`."""
        params = {"b_id": conversation_id, "b_user": user_id}
        row = (await self.conn.execute(_OWNED, params)).first()
        return None if row is None else ConversationRecord(*row)

    async def touch(
        self, conversation_id: str, user_id: str, at: datetime, title: str | None
    ) -> bool:
        """Mark the person's conversation active at `at` (and title it `title` if it has
        no title yet); False when it is not theirs or does not exist."""
        params = {"b_id": conversation_id, "b_user": user_id, "b_now": at, "b_title": title}
        result = await self.conn.execute(_TOUCH, params)
        return bool(result.rowcount)

    async def recent(self, conversation_id: str, count: int) -> list[Said]:
        """The last `count` messages' role, time and context, oldest first."""
        params = {"b_conversation": conversation_id, "b_count": count}
        rows = (await self.conn.execute(_RECENT, params)).all()
        return [Said(role, at, context) for role, at, context in reversed(rows)]

    async def message_by_key(self, conversation_id: str, key: str) -> MessageRecord | None:
        """The person's message sent earlier with this Idempotency-Key."""
        params = {"b_conversation": conversation_id, "b_key": key}
        row = (await self.conn.execute(_MESSAGE_BY_KEY, params)).first()
        return None if row is None else MessageRecord(*row)

    async def answer_to(self, message_id: str) -> MessageRecord | None:
        """The assistant's stored answer to a message."""
        row = (await self.conn.execute(_ANSWER_TO, {"b_message": message_id})).first()
        return None if row is None else MessageRecord(*row)

    async def insert_message(self, values: dict[str, Any]) -> None:
        """Insert one message row from its column values."""
        await self.conn.execute(_INSERT_MESSAGE, values)
