"""The chat WebSocket described as AsyncAPI 3.0, from the models of its frames."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ecoeco import __version__
from ecoeco.chat.schemas import ChatErrorBody, LocationIn, MessageOut
from ecoeco.core.paths import api_path

WS_PATH = api_path("/chat/ws")


class AuthFrame(BaseModel):
    """The first frame: the access token (never in the URL, which ends up in logs)."""

    type: Literal["auth"]
    token: str = Field(min_length=1)


class MessageFrame(BaseModel):
    """A question; without `conversation_id` a new conversation is started."""

    type: Literal["message"]
    conversation_id: str | None = None
    text: str = Field(default="", max_length=1000)
    image_key: str | None = Field(default=None, min_length=1, max_length=300)
    location: LocationIn | None = None


class ReadyFrame(BaseModel):
    """Authentication succeeded; send messages."""

    type: Literal["ready"]
    user_id: str


class StartFrame(BaseModel):
    """The question was stored; the answer follows."""

    type: Literal["start"]
    conversation_id: str
    user_message: MessageOut


class ChunkFrame(BaseModel):
    """A piece of the answer as it is written."""

    type: Literal["chunk"]
    text: str


class FinalFrame(BaseModel):
    """The whole answer, stored, with the guides it used."""

    type: Literal["final"]
    message: MessageOut


class ErrorFrame(BaseModel):
    """A refused frame or a failed answer; the socket stays open (closed 1008 before auth)."""

    type: Literal["error"]
    error: ChatErrorBody


SENT: dict[str, type[BaseModel]] = {"auth": AuthFrame, "message": MessageFrame}
RECEIVED: dict[str, type[BaseModel]] = {
    "ready": ReadyFrame,
    "start": StartFrame,
    "chunk": ChunkFrame,
    "final": FinalFrame,
    "error": ErrorFrame,
}


def asyncapi_document() -> dict[str, Any]:
    """The AsyncAPI 3.0 document of the chat socket."""
    schemas: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for name, model in {**SENT, **RECEIVED}.items():
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
        messages[name] = {
            "name": name,
            "title": model.__name__,
            "summary": (model.__doc__ or "").strip(),
            "contentType": "application/json",
            "payload": {"$ref": f"#/components/schemas/{model.__name__}"},
        }
    channel_messages = {name: {"$ref": f"#/components/messages/{name}"} for name in messages}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "EcoEco chat WebSocket",
            "version": __version__,
            "description": "Ask the disposal assistant over one socket. Send `auth` first "
            "(within 10 s; otherwise an `error` frame and close 1008; a token in the URL is "
            "refused), wait for `ready`, then send `message` frames; each answer arrives as "
            "`start`, `chunk`s and `final`. The server closes with 4401 when the token "
            "expires or is revoked (reconnect with a fresh one) and 4403 when the account "
            "was erased. The same answers stream over SSE from "
            f"`POST {api_path('/chat/{id}/messages')}`.",
        },
        "defaultContentType": "application/json",
        "servers": {
            "this": {
                "host": "{host}",
                "protocol": "ws",
                "pathname": "/",
                "variables": {"host": {"default": "localhost:8000"}},
                "description": "`wss` behind TLS",
            }
        },
        "channels": {
            "chat": {"address": WS_PATH, "messages": channel_messages},
        },
        "operations": {
            "sendToAssistant": {
                "action": "receive",
                "channel": {"$ref": "#/channels/chat"},
                "summary": "Frames the client sends",
                "messages": [{"$ref": f"#/channels/chat/messages/{n}"} for n in SENT],
            },
            "answerClient": {
                "action": "send",
                "channel": {"$ref": "#/channels/chat"},
                "summary": "Frames the server sends",
                "messages": [{"$ref": f"#/channels/chat/messages/{n}"} for n in RECEIVED],
            },
        },
        "components": {"schemas": schemas, "messages": messages},
    }


asyncapi_router = APIRouter(include_in_schema=False)


@asyncapi_router.get("/asyncapi.json")
async def asyncapi() -> dict[str, Any]:
    """The AsyncAPI document of the chat WebSocket, served beside /openapi.json (and, like
    it, off in production unless `ECOECO_DOCS=true`)."""
    return asyncapi_document()
