"""SQL of the chat service."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Table, and_, bindparam, delete, func, insert, or_, select, update

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


class ConversationRepository(Repository[Conversation]):
    """Conversations by owner."""

    model = Conversation

    async def owned(self, conversation_id: str, user_id: str) -> Conversation | None:
        """The conversation if it belongs to `user_id`."""
        stmt = select(Conversation).where(
            Conversation.id == conversation_id, Conversation.user_id == user_id
        )
        return await self.one_or_none(stmt)

    async def by_key(self, user_id: str, key: str) -> Conversation | None:
        """The conversation created earlier with this Idempotency-Key."""
        stmt = select(Conversation).where(
            Conversation.user_id == user_id, Conversation.idempotency_key == key
        )
        return await self.one_or_none(stmt)

    async def page(
        self, user_id: str, after: tuple[datetime, str] | None, limit: int
    ) -> list[Conversation]:
        """Newest first, starting after the cursor key."""
        stmt = select(Conversation).where(Conversation.user_id == user_id)
        return await self.all(
            newest_first(stmt, Conversation.created_at, Conversation.id, after, limit)
        )

    async def insert(self, values: dict[str, Any]) -> None:
        """Insert one conversation row from its column values (nothing is read back)."""
        await self.session.execute(_INSERT_CONVERSATION, values)

    async def touch(
        self, conversation_id: str, user_id: str, at: datetime, title: str | None
    ) -> bool:
        """Mark the person's conversation active at `at` (and title it `title` if it has
        no title yet); False when it is not theirs or does not exist."""
        params = {"b_id": conversation_id, "b_user": user_id, "b_now": at, "b_title": title}
        result = await self.session.execute(_TOUCH, params)
        return bool(getattr(result, "rowcount", 0))

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

    async def by_key(self, conversation_id: str, key: str) -> ChatMessage | None:
        """The person's message sent earlier with this Idempotency-Key."""
        stmt = select(ChatMessage).where(
            ChatMessage.conversation_id == conversation_id, ChatMessage.idempotency_key == key
        )
        return await self.one_or_none(stmt)

    async def answer_to(self, message_id: str) -> ChatMessage | None:
        """The assistant's stored answer to a message."""
        return await self.one_or_none(select(ChatMessage).where(ChatMessage.reply_to == message_id))

    async def recent(self, conversation_id: str, count: int) -> list[Said]:
        """The last `count` messages' role, time and context, oldest first (not whole rows:
        every question reads these, and loading them as entities cost more than the query)."""
        params = {"b_conversation": conversation_id, "b_count": count}
        rows = (await self.session.execute(_RECENT, params)).all()
        return [Said(role, at, context) for role, at, context in reversed(rows)]

    async def insert(self, values: dict[str, Any]) -> None:
        """Insert one message row from its column values (nothing is read back)."""
        await self.session.execute(_INSERT_MESSAGE, values)

    async def delete_conversation(self, conversation_id: str) -> None:
        """Delete every message of a conversation."""
        await self.session.execute(
            delete(ChatMessage).where(ChatMessage.conversation_id == conversation_id)
        )
