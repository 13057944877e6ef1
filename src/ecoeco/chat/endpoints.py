"""HTTP endpoints of the chat service."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Header, Query, Request, Response

from ecoeco.chat import service
from ecoeco.chat.runtime import ChatDep, ChatRuntime
from ecoeco.chat.schemas import (
    CHAT_EVENTS,
    ConversationIn,
    ConversationOut,
    ConversationPatch,
    MessageIn,
    MessageOut,
)
from ecoeco.chat.service import AcceptedMessage
from ecoeco.chat.turns import accept, answer_stream, create, store
from ecoeco.contracts.chat import ChatExport
from ecoeco.core.deps import CurrentUser, SessionDep, bearer_token
from ecoeco.core.errors import AppError
from ecoeco.core.observability import metrics
from ecoeco.core.openapi import RATE_LIMITED, errors, event_stream
from ecoeco.core.pagination import Page
from ecoeco.core.responses import EventStream, LastPiece

log = logging.getLogger(__name__)

router = APIRouter(prefix="/chat", tags=["chat"])

Limit = Annotated[int, Query(ge=1, le=100)]
IdempotencyKey = Annotated[
    str | None, Header(alias="Idempotency-Key", min_length=1, max_length=100)
]
Cursor = Annotated[str | None, Query(max_length=200)]
_ANSWER_STREAM = event_stream(
    "The answer as SSE (`start`, `chunk`s, `final`); JSON when `Accept: application/json`",
    CHAT_EVENTS,
)


@router.post("", response_model=ConversationOut, status_code=201, responses=errors(409))
async def create_conversation(
    body: ConversationIn,
    principal: CurrentUser,
    chat: ChatDep,
    idempotency_key: IdempotencyKey = None,
) -> ConversationOut:
    """Start a conversation with the assistant."""
    return await create(chat, principal.user_id, body.title, idempotency_key)


@router.get("", response_model=Page[ConversationOut])
async def list_conversations(
    principal: CurrentUser, session: SessionDep, cursor: Cursor = None, limit: Limit = 20
) -> Page[ConversationOut]:
    """The caller's conversations, newest first."""
    return await service.list_conversations(session, principal.user_id, cursor, limit)


@router.get("/me/export", response_model=ChatExport)
async def export_my_conversations(principal: CurrentUser, session: SessionDep) -> ChatExport:
    """Every conversation of the caller with its messages (part of their data export)."""
    return await service.export(session, principal.user_id)


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
    responses={**_ANSWER_STREAM, **RATE_LIMITED, **errors(409)},
)
async def post_message(
    conversation_id: str,
    body: MessageIn,
    request: Request,
    principal: CurrentUser,
    chat: ChatDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Ask the assistant; the answer streams over SSE, or comes whole for JSON clients."""
    started = time.perf_counter()
    token = bearer_token(request) or ""
    accepted = await accept(chat, principal.user_id, token, conversation_id, body, idempotency_key)
    if _wants_json(request):
        first = None
        async for piece in answer_stream(chat, accepted):
            if not isinstance(piece, str):
                stored = await store(chat, accepted, piece, first, _ms(started))
                return Response(stored.model_dump_json(), media_type="application/json")
            if first is None:
                first = _ms(started)
        raise RuntimeError("the assistant ended without an answer")
    # Without an LLM the answer is whole before its first piece leaves (see `_sse`):
    # nothing to stop early when the person goes away.
    return EventStream(
        _sse(chat, accepted, started),
        watch_disconnect=chat.assistant.llm is not None,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _event(name: str, data: Any) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + orjson.dumps(data) + b"\n\n"


async def _sse(
    chat: ChatRuntime, accepted: AcceptedMessage, started: float
) -> AsyncIterator[bytes]:
    gauge = metrics.SSE_CONNECTIONS.labels(chat.label)
    gauge.inc()
    # Without an LLM the whole answer exists before its first piece is sent: the `start`
    # event leaves with the first chunk (right after the headers, see EventStream), and
    # the chunks after it with the final event, which ends the body: the same events in
    # three writes instead of five. With an LLM, `start` goes at once and each chunk as
    # it comes.
    together = chat.assistant.llm is None
    held: list[bytes] = []
    try:
        user = MessageOut.model_validate(accepted.message).model_dump(mode="json")
        start = {"conversation_id": accepted.conversation_id, "user_message": user}
        held.append(_event("start", start))
        if not together:
            yield held.pop()
        first: int | None = None
        async for piece in answer_stream(chat, accepted):
            if not isinstance(piece, str):
                stored = await store(chat, accepted, piece, first, _ms(started))
                yield LastPiece(b"".join([*held, _event("final", stored.model_dump(mode="json"))]))
                return
            held.append(_event("chunk", {"text": piece}))
            if first is None:
                first = _ms(started)
                yield b"".join(held)
                held.clear()
            elif not together:
                yield held.pop()
    except AppError as exc:
        yield LastPiece(b"".join([*held, _event("error", exc.body())]))
    except Exception:
        log.exception("chat answer failed", extra={"conversation": accepted.conversation_id})
        error = {"error": {"code": "internal_error", "message": "The answer failed; try again."}}
        yield LastPiece(b"".join([*held, _event("error", error)]))
    finally:
        gauge.dec()


def _wants_json(request: Request) -> bool:
    accept_header = request.headers.get("accept", "")
    return "application/json" in accept_header and "text/event-stream" not in accept_header


def _ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
