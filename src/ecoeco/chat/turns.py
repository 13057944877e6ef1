"""One chat turn's units of work: the message, then the answer, each its own transaction.

The person's message is committed before the assistant starts (a retry with the same
Idempotency-Key finds it), and the answer is committed when it is complete. A request's
own session (`SessionDep`) would hold one transaction across the whole streamed answer,
so the chat endpoints and the socket open these here, and only here. Each is a Core
connection's transaction (`Database.statements`), not an ORM session: a turn's
statements are prebuilt and its rows never entities, and a session's bookkeeping cost
the event loop more than the statements did (docs/performance-chat-2026-12-01.md).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy.exc import IntegrityError

from ecoeco.chat import service
from ecoeco.chat.assistant import Answer, chunks
from ecoeco.chat.errors import ConversationNotFound
from ecoeco.chat.runtime import ChatRuntime
from ecoeco.chat.schemas import ConversationOut, MessageIn, MessageOut
from ecoeco.chat.service import AcceptedMessage
from ecoeco.core.errors import Unauthorized
from ecoeco.core.security.tokens import recently_erased


async def still_here(chat: ChatRuntime, user_id: str) -> None:
    """Refuse to write anything more for a person whose account was just deleted."""
    if await recently_erased(chat.cache, user_id):
        raise Unauthorized("account deleted")


async def new_conversation(chat: ChatRuntime, user_id: str) -> str:
    """Start a conversation in its own transaction (a socket message without one)."""
    await still_here(chat, user_id)
    return (await create(chat, user_id, None)).id


async def create(
    chat: ChatRuntime, user_id: str, title: str | None, key: str | None = None
) -> ConversationOut:
    """Start a conversation (or find the one created with `key`) in its own transaction."""
    async with chat.db.statements(autocommit=key is None) as conn:  # one INSERT
        created = await service.create_conversation(
            conn, chat.limiter, chat.settings, user_id, title, key
        )
    return ConversationOut.model_validate(created)


async def accept(
    chat: ChatRuntime,
    user_id: str,
    token: str,
    conversation_id: str,
    body: MessageIn,
    key: str | None = None,
) -> AcceptedMessage:
    """Store the person's message in its own transaction (committed before answering)."""
    await still_here(chat, user_id)
    async with chat.db.statements() as conn:
        return await service.accept_message(
            conn,
            chat.limiter,
            chat.settings,
            user_id=user_id,
            token=token,
            conversation_id=conversation_id,
            body=body,
            key=key,
        )


async def answer_stream(
    chat: ChatRuntime, accepted: AcceptedMessage
) -> AsyncIterator[str | Answer | MessageOut]:
    """The assistant's pieces, then its whole answer (or the stored one, for a replay)."""
    if accepted.replay is not None:
        stored = MessageOut.model_validate(accepted.replay)
        for text in chunks(stored.text, chat.settings.chunk_chars):
            yield text
        yield stored
        return
    assistant = await chat.ready_assistant()
    async for part in assistant.stream(accepted.turn):
        yield part


async def store(
    chat: ChatRuntime,
    accepted: AcceptedMessage,
    answer: Answer | MessageOut,
    first_ms: int | None,
    total_ms: int,
) -> MessageOut:
    """Persist the answer in its own transaction (or return the one a retry stored first)."""
    if isinstance(answer, MessageOut):
        return answer
    await still_here(chat, accepted.message.user_id)
    try:
        async with chat.db.statements(autocommit=True) as conn:  # one INSERT
            stored = await service.save_answer(
                conn, accepted, answer, first_token_ms=first_ms, total_ms=total_ms
            )
            return MessageOut.model_validate(stored)
    except IntegrityError:
        async with chat.db.statements() as conn:
            earlier = await service.stored_answer(conn, accepted.message.id)
            if earlier is None:  # the conversation was deleted while we answered
                raise ConversationNotFound() from None
            return MessageOut.model_validate(earlier)
