"""SQL of the chat service."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, delete, or_, select

from ecoeco.chat.models import ChatMessage, Conversation
from ecoeco.core.db import Repository, newest_first


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
        stmt = (
            select(ChatMessage.role, ChatMessage.created_at, ChatMessage.context)
            .where(ChatMessage.conversation_id == conversation_id)
            .order_by(ChatMessage.created_at.desc(), ChatMessage.id.desc())
            .limit(count)
        )
        rows = (await self.session.execute(stmt)).all()
        return [Said(role, at, context) for role, at, context in reversed(rows)]

    async def delete_conversation(self, conversation_id: str) -> None:
        """Delete every message of a conversation."""
        await self.session.execute(
            delete(ChatMessage).where(ChatMessage.conversation_id == conversation_id)
        )
