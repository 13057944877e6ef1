"""HTTP endpoints of the chat service."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Header, Query, Request, Response
from sqlalchemy.exc import IntegrityError
from starlette.responses import StreamingResponse

from ecoeco.chat import service
from ecoeco.chat.assistant import Answer, chunks
from ecoeco.chat.errors import ConversationNotFound
from ecoeco.chat.runtime import assistant_of, settings_of
from ecoeco.chat.schemas import (
    ConversationIn,
    ConversationOut,
    ConversationPatch,
    MessageIn,
    MessageOut,
)
from ecoeco.chat.service import AcceptedMessage
from ecoeco.core.container import Container
from ecoeco.core.deps import ContainerDep, CurrentUser, SessionDep, bearer_token
from ecoeco.core.errors import AppError
from ecoeco.core.observability import metrics
from ecoeco.core.pagination import Page
from ecoeco.core.ratelimit import RateLimiter

log = logging.getLogger(__name__)

router = APIRouter(prefix="/chat", tags=["chat"])

Limit = Annotated[int, Query(ge=1, le=100)]
IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", min_length=1, max_length=100)
]
Cursor = Annotated[str | None, Query(max_length=200)]


@router.post("", response_model=ConversationOut, status_code=201)
async def create_conversation(
    body: ConversationIn,
    principal: CurrentUser,
    session: SessionDep,
    idempotency_key: IdempotencyKey = None,
) -> ConversationOut:
    """Start a conversation with the assistant."""
    found = await service.create_conversation(
        session, principal.user_id, body.title, idempotency_key
    )
    return ConversationOut.model_validate(found)


@router.get("", response_model=Page[ConversationOut])
async def list_conversations(
    principal: CurrentUser, session: SessionDep, cursor: Cursor = None, limit: Limit = 20
) -> Page[ConversationOut]:
    """The caller's conversations, newest first."""
    return await service.list_conversations(session, principal.user_id, cursor, limit)


@router.get("/{conversation_id}", response_model=ConversationOut)
async def get_conversation(
    conversation_id: str, principal: CurrentUser, session: SessionDep
) -> ConversationOut:
    """One of the caller's conversations."""
    found = await service.conversation(session, principal.user_id, conversation_id)
    return ConversationOut.model_validate(found)


@router.patch("/{conversation_id}", response_model=ConversationOut)
async def rename_conversation(
    conversation_id: str, body: ConversationPatch, principal: CurrentUser, session: SessionDep
) -> ConversationOut:
    """Change a conversation's title."""
    found = await service.rename(session, principal.user_id, conversation_id, body.title)
    return ConversationOut.model_validate(found)


@router.delete("/{conversation_id}", status_code=204)
async def delete_conversation(
    conversation_id: str, principal: CurrentUser, session: SessionDep
) -> Response:
    """Delete a conversation and its messages."""
    await service.delete_conversation(session, principal.user_id, conversation_id)
    return Response(status_code=204)


@router.get("/{conversation_id}/messages", response_model=Page[MessageOut])
async def list_messages(
    conversation_id: str,
    principal: CurrentUser,
    session: SessionDep,
    cursor: Cursor = None,
    limit: Limit = 20,
    order: Literal["asc", "desc"] = "asc",
) -> Page[MessageOut]:
    """A page of the conversation's messages, oldest first unless `order=desc`."""
    return await service.history(
        session,
        principal.user_id,
        conversation_id,
        cursor,
        limit,
        newest_first=order == "desc",
    )


@router.post(
    "/{conversation_id}/messages",
    response_model=MessageOut,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def post_message(
    conversation_id: str,
    body: MessageIn,
    request: Request,
    principal: CurrentUser,
    container: ContainerDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Ask the assistant; the answer streams over SSE, or comes whole for JSON clients."""
    started = time.perf_counter()
    token = bearer_token(request) or ""
    accepted = await accept(
        container, principal.user_id, token, conversation_id, body, idempotency_key
    )
    if _wants_json(request):
        first = None
        async for piece in answer_stream(container, accepted):
            if not isinstance(piece, str):
                stored = await store(container, accepted, piece, first, _ms(started))
                return Response(stored.model_dump_json(), media_type="application/json")
            if first is None:
                first = _ms(started)
        raise RuntimeError("the assistant ended without an answer")
    return StreamingResponse(
        _sse(container, accepted, started),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


async def accept(
    container: Container,
    user_id: str,
    token: str,
    conversation_id: str,
    body: MessageIn,
    key: str | None = None,
) -> AcceptedMessage:
    """Store the person's message in its own transaction (committed before answering)."""
    limiter = RateLimiter(container.cache, "chat")
    async with container.db.transaction() as session:
        return await service.accept_message(
            session,
            limiter,
            settings_of(container),
            user_id=user_id,
            token=token,
            conversation_id=conversation_id,
            body=body,
            key=key,
        )


async def answer_stream(
    container: Container, accepted: AcceptedMessage
) -> AsyncIterator[str | Answer | MessageOut]:
    """The assistant's pieces, then its whole answer (or the stored one, for a replay)."""
    if accepted.replay is not None:
        stored = MessageOut.model_validate(accepted.replay)
        for text in chunks(stored.text, settings_of(container).chunk_chars):
            yield text
        yield stored
        return
    assistant = await assistant_of(container)
    async for part in assistant.stream(accepted.turn):
        yield part


async def store(
    container: Container,
    accepted: AcceptedMessage,
    answer: Answer | MessageOut,
    first_ms: int | None,
    total_ms: int,
) -> MessageOut:
    """Persist the answer in its own transaction (or return the one a retry stored first)."""
    if isinstance(answer, MessageOut):
        return answer
    try:
        async with container.db.transaction() as session:
            stored = await service.save_answer(
                session, accepted, answer, first_token_ms=first_ms, total_ms=total_ms
            )
            return MessageOut.model_validate(stored)
    except IntegrityError:
        async with container.db.transaction() as session:
            earlier = await service.stored_answer(session, accepted.message.id)
            if earlier is None:  # the conversation was deleted while we answered
                raise ConversationNotFound() from None
            return MessageOut.model_validate(earlier)


def _event(name: str, data: Any) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


async def _sse(
    container: Container, accepted: AcceptedMessage, started: float
) -> AsyncIterator[bytes]:
    gauge = metrics.SSE_CONNECTIONS.labels(container.label)
    gauge.inc()
    try:
        user = MessageOut.model_validate(accepted.message).model_dump(mode="json")
        yield _event("start", {"conversation_id": accepted.conversation_id, "user_message": user})
        first: int | None = None
        async for piece in answer_stream(container, accepted):
            if not isinstance(piece, str):
                stored = await store(container, accepted, piece, first, _ms(started))
                yield _event("final", stored.model_dump(mode="json"))
                return
            if first is None:
                first = _ms(started)
            yield _event("chunk", {"text": piece})
    except AppError as exc:
        yield _event("error", exc.body())
    except Exception:
        log.exception("chat answer failed", extra={"conversation": accepted.conversation_id})
        error = {"error": {"code": "internal_error", "message": "The answer failed; try again."}}
        yield _event("error", error)
    finally:
        gauge.dec()


def _wants_json(request: Request) -> bool:
    accept_header = request.headers.get("accept", "")
    return "application/json" in accept_header and "text/event-stream" not in accept_header


def _ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
