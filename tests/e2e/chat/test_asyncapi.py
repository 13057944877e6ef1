"""/asyncapi.json describes the chat socket, and every frame the socket sends fits it."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator

from ecoeco.core.security.tokens import TokenSigner
from tests.e2e.chat.conftest import WebSocketSession, person


def _validator(document: dict[str, Any], message: str) -> Draft202012Validator:
    payload = document["components"]["messages"][message]["payload"]
    return Draft202012Validator({**payload, "components": document["components"]})


async def test_the_socket_speaks_what_its_asyncapi_document_says(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        document = (await running.client.get("/asyncapi.json")).json()
        assert document["asyncapi"].startswith("3.")
        assert document["channels"]["chat"]["address"] == "/api/v1/chat/ws"
        sent = {
            m["$ref"].rsplit("/", 1)[1]
            for m in document["operations"]["sendToAssistant"]["messages"]
        }
        assert sent == {"auth", "message"}
        chat = person(running, signer)
        token = chat.headers["Authorization"].split()[1]
        _validator(document, "auth").validate({"type": "auth", "token": token})
        question = {"type": "message", "text": "깨진 유리는 어떻게 버려?"}
        _validator(document, "message").validate(question)
        seen = []
        async with WebSocketSession(running.app, "/api/v1/chat/ws") as ws:
            await ws.send({"type": "auth", "token": token})
            frames = [await ws.receive()]
            await ws.send(question)
            while (frame := await ws.receive())["type"] != "final":
                frames.append(frame)
            frames.append(frame)
            await ws.send({"type": "message", "text": "x" * 2000})
            frames.append(await ws.receive())
        for frame in frames:
            _validator(document, frame["type"]).validate(frame)
            seen.append(frame["type"])
        assert seen[0] == "ready"
        assert {"start", "chunk", "final", "error"} <= set(seen)
