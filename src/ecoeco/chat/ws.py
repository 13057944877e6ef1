"""The WebSocket form of the chat protocol: authenticate by the first frame, then message
after message, while the session and the account last."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from pydantic import ValidationError

from ecoeco.chat.runtime import ChatDep, ChatRuntime
from ecoeco.chat.schemas import MessageIn, MessageOut
from ecoeco.chat.socket_access import REASONS, SocketAccess, open_access
from ecoeco.chat.turns import accept, answer_stream, new_conversation, store
from ecoeco.core.edge import control_in_json, json_depth_exceeds
from ecoeco.core.errors import (
    AppError,
    BadRequest,
    PayloadTooLarge,
    ValidationFailed,
)
from ecoeco.core.observability import metrics
from ecoeco.core.security.tokens import Principal

log = logging.getLogger(__name__)

ws_router = APIRouter(tags=["chat"])

AUTH_SECONDS = 10.0
POLICY_VIOLATION = 1008
TOO_BIG = 1009
MAX_FRAME_BYTES = 64 * 1024
MAX_FRAME_DEPTH = 8


def _error(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "error": {"code": code, "message": message}}


def _frame(text: str) -> Any:
    """A JSON frame, checked as the HTTP edge checks bodies; AppError when it is refused."""
    raw = text.encode()
    if len(raw) > MAX_FRAME_BYTES:
        raise PayloadTooLarge(f"a frame may be at most {MAX_FRAME_BYTES // 1024} KB")
    if json_depth_exceeds(raw, MAX_FRAME_DEPTH):
        raise BadRequest(f"a frame may nest at most {MAX_FRAME_DEPTH} levels")
    where = control_in_json(raw)
    if where is not None:
        raise ValidationFailed(f"{where.replace('body', 'frame', 1)}: control characters")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BadRequest("a frame must be JSON") from None


async def _authenticate(ws: WebSocket, chat: ChatRuntime) -> SocketAccess | None:
    """The access granted by a first `{"type": "auth", "token"}` frame, or None."""
    try:
        first = _frame(await asyncio.wait_for(ws.receive_text(), AUTH_SECONDS))
    except (TimeoutError, AppError, KeyError):
        return None
    if not isinstance(first, dict) or first.get("type") != "auth":
        return None
    token = first.get("token")
    if not isinstance(token, str) or not token:
        return None
    return await open_access(chat, token)


@ws_router.websocket("/ws")
async def chat_socket(ws: WebSocket, chat: ChatDep) -> None:
    """Chat over a WebSocket: `{"type": "auth", "token"}` first, then `{"type": "message", ...}`."""
    await ws.accept()
    if "token" in ws.query_params:
        message = "tokens never travel in URLs: send {'type': 'auth', 'token'} as the first frame"
        await ws.send_json(_error("unauthorized", message))
        await ws.close(code=POLICY_VIOLATION)
        return
    access = await _authenticate(ws, chat)
    if access is None:
        await ws.send_json(_error("unauthorized", "Authentication required"))
        await ws.close(code=POLICY_VIOLATION)
        return
    gauge = metrics.WEBSOCKET_CONNECTIONS.labels(chat.label)
    gauge.inc()
    try:
        await ws.send_json({"type": "ready", "user_id": access.principal.user_id})
        code = await _until_refused(ws, chat, access)
        if code is not None:
            reason, message = REASONS[code]
            await ws.send_json(_error(reason, message))
            await ws.close(code=code)
    except (WebSocketDisconnect, RuntimeError):
        return
    finally:
        gauge.dec()


async def _until_refused(ws: WebSocket, chat: ChatRuntime, access: SocketAccess) -> int | None:
    """Serve frames until the client leaves (None) or the access ends (its close code).

    The watchdog runs beside the frames; when it finds the access ended, whatever the
    socket is doing (an answer being written) is cancelled with its transaction.
    """
    every = chat.settings.socket_recheck_seconds
    serving = asyncio.create_task(_serve(ws, chat, access))
    watching = asyncio.create_task(_watch(access, every))
    try:
        done, _ = await asyncio.wait({serving, watching}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (serving, watching):
            task.cancel()
        await asyncio.gather(serving, watching, return_exceptions=True)
    finished = serving if serving in done else watching
    return finished.result()


async def _watch(access: SocketAccess, every: float) -> int:
    """Look again every `every` seconds (and at expiry); the close code when refused."""
    while True:
        await asyncio.sleep(access.next_check_in(every))
        code = await access.refusal()
        if code is not None:
            return code


async def _serve(ws: WebSocket, chat: ChatRuntime, access: SocketAccess) -> int | None:
    """Handle frames, each one after checking the access again."""
    while True:
        try:
            text = await ws.receive_text()
        except (WebSocketDisconnect, RuntimeError, KeyError):
            return None
        code = await access.refusal()
        if code is not None:
            return code
        try:
            frame = _frame(text)
        except PayloadTooLarge as exc:
            await ws.send_json({"type": "error", **exc.body()})
            await ws.close(code=TOO_BIG)
            return None
        except AppError as exc:
            await ws.send_json({"type": "error", **exc.body()})
            continue
        await _handle(ws, chat, access.principal, access.token, frame)


async def _handle(
    ws: WebSocket, chat: ChatRuntime, principal: Principal, token: str, frame: Any
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
            conversation_id = await new_conversation(chat, principal.user_id)
        accepted = await accept(chat, principal.user_id, token, conversation_id, body)
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
        async for piece in answer_stream(chat, accepted):
            if not isinstance(piece, str):
                total = round((time.perf_counter() - started) * 1000)
                stored = await store(chat, accepted, piece, first, total)
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
