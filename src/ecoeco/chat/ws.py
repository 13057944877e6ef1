"""The WebSocket form of the chat protocol: authenticate, then message after message."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError

from ecoeco.chat import service
from ecoeco.chat.endpoints import accept, answer_stream, store
from ecoeco.chat.schemas import ConversationOut, MessageIn, MessageOut
from ecoeco.core.container import Container
from ecoeco.core.errors import AppError, Unauthorized
from ecoeco.core.observability import metrics
from ecoeco.core.security.tokens import Principal

log = logging.getLogger(__name__)

ws_router = APIRouter(tags=["chat"])

AUTH_SECONDS = 10.0
POLICY_VIOLATION = 1008


def _error(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"code": code, "message": message}}


async def _authenticate(ws: WebSocket, container: Container) -> tuple[Principal, str] | None:
    """The token from `?token=` or a first `{"type": "auth", "token"}` message."""
    token = ws.query_params.get("token")
    if not token:
        try:
            first = await asyncio.wait_for(ws.receive_json(), AUTH_SECONDS)
        except (TimeoutError, ValueError, KeyError):
            return None
        if isinstance(first, dict) and first.get("type") == "auth":
            token = str(first.get("token") or "")
    if not token:
        return None
    try:
        return await container.verifier.verify(token), token
    except Unauthorized:
        return None


@ws_router.websocket("/ws")
async def chat_socket(ws: WebSocket) -> None:
    """Chat over a WebSocket: `{"type": "message", "conversation_id"?, "text", ...}`."""
    container: Container = ws.app.state.container
    await ws.accept()
    auth = await _authenticate(ws, container)
    if auth is None:
        await ws.send_json(_error("unauthorized", "Authentication required"))
        await ws.close(code=POLICY_VIOLATION)
        return
    principal, token = auth
    gauge = metrics.WEBSOCKET_CONNECTIONS.labels(container.label)
    gauge.inc()
    try:
        await ws.send_json({"type": "ready", "user_id": principal.user_id})
        while True:
            frame = await ws.receive_json()
            await _handle(ws, container, principal, token, frame)
    except (WebSocketDisconnect, RuntimeError):
        return
    finally:
        gauge.dec()


async def _handle(
    ws: WebSocket, container: Container, principal: Principal, token: str, frame: Any
) -> None:
    """Answer one frame; errors go back as `error` frames and the socket stays open."""
    if not isinstance(frame, dict) or frame.get("type") != "message":
        await ws.send_json(_error("bad_request", "expected {'type': 'message', ...}"))
        return
    started = time.perf_counter()
    try:
        body = MessageIn.model_validate(
            {k: v for k, v in frame.items() if k in MessageIn.model_fields}
        )
        conversation_id = frame.get("conversation_id")
        if not isinstance(conversation_id, str):
            conversation_id = await _new_conversation(container, principal.user_id)
        accepted = await accept(container, principal.user_id, token, conversation_id, body)
    except ValidationError as exc:
        await ws.send_json(_error("validation_error", str(exc.errors()[0]["msg"])))
        return
    except AppError as exc:
        await ws.send_json({"type": "error", **exc.body()})
        return
    user = MessageOut.model_validate(accepted.message).model_dump(mode="json")
    await ws.send_json(
        {"type": "start", "conversation_id": accepted.conversation_id, "user_message": user}
    )
    first: int | None = None
    try:
        async for piece in answer_stream(container, accepted):
            if not isinstance(piece, str):
                total = round((time.perf_counter() - started) * 1000)
                stored = await store(container, accepted, piece, first, total)
                await ws.send_json({"type": "final", "message": stored.model_dump(mode="json")})
                return
            if first is None:
                first = round((time.perf_counter() - started) * 1000)
            await ws.send_json({"type": "chunk", "text": piece})
    except (WebSocketDisconnect, RuntimeError):
        raise
    except Exception:
        log.exception("chat answer failed", extra={"conversation": accepted.conversation_id})
        await ws.send_json(_error("internal_error", "The answer failed; try again."))


async def _new_conversation(container: Container, user_id: str) -> str:
    async with container.db.transaction() as session:
        created = await service.create_conversation(session, user_id, None)
        return ConversationOut.model_validate(created).id
