"""The WebSocket path: authenticated at connect, the same chunks and final message."""

from __future__ import annotations

from typing import Any

from ecoeco.core.security.tokens import TokenSigner
from tests.e2e.chat.conftest import WebSocketSession, person


async def test_websocket_streams_answers_after_auth(chat_app: Any, signer: TokenSigner) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        token = chat.headers["Authorization"].split()[1]
        async with WebSocketSession(running.app, "/api/v1/chat/ws") as ws:
            await ws.send({"type": "auth", "token": token})
            assert (await ws.receive())["type"] == "ready"
            await ws.send({"type": "message", "text": "우유팩 어떻게 버려?"})
            start = await ws.receive()
            assert start["type"] == "start"
            conversation = start["conversation_id"]
            chunks = []
            while (frame := await ws.receive())["type"] == "chunk":
                chunks.append(frame["text"])
            assert frame["type"] == "final"
            assert frame["message"]["text"] == "".join(chunks)
            assert frame["message"]["sources"][0]["category"]["slug"] == "paper_pack"
            await ws.send({"type": "message", "conversation_id": conversation, "text": "x" * 2000})
            error = await ws.receive()
            assert error["type"] == "error"
            assert error["error"]["code"] == "message_too_long"
            await ws.send({"type": "hello"})
            assert (await ws.receive())["error"]["code"] == "bad_request"
        history = await running.client.get(
            f"/api/v1/chat/{conversation}/messages", headers=chat.headers
        )
        assert [m["role"] for m in history.json()["items"]] == ["user", "assistant"]


async def test_websocket_auth_by_first_message_or_refused(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        token = chat.headers["Authorization"].split()[1]
        async with WebSocketSession(running.app, "/api/v1/chat/ws") as ws:
            await ws.send({"type": "auth", "token": token})
            assert (await ws.receive())["type"] == "ready"
        async with WebSocketSession(running.app, "/api/v1/chat/ws", "token=x.y.z") as ws:
            refused = await ws.receive()
            assert refused["error"]["code"] == "unauthorized"
            assert (await ws.receive()) == {"type": "close", "code": 1008}
