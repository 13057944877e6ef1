"""Conversations over HTTP: CRUD, paging, ownership, validation, erasure on account deletion."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import func, select

from ecoeco.chat.models import ChatMessage, Conversation
from ecoeco.chat.schemas import MessageIn
from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import publish
from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import auth_header, eventually
from tests.e2e.chat.conftest import person


async def test_crud_and_cursor_pages(chat_app: Any, signer: TokenSigner) -> None:
    async with chat_app() as running:
        client, headers = running.client, auth_header(signer)
        ids = []
        for n in range(5):
            created = await client.post("/api/v1/chat", json={"title": f"t{n}"}, headers=headers)
            assert created.status_code == 201, created.text
            ids.append(created.json()["id"])
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await client.get("/api/v1/chat", params=params, headers=headers)).json()
            seen += [c["id"] for c in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert seen == list(reversed(ids))
        forged = await client.get(
            f"/api/v1/chat/{ids[1]}/messages", params={"cursor": "AAAA"}, headers=headers
        )
        assert forged.status_code == 400, forged.text
        assert forged.json()["error"]["message"] == "invalid cursor"
        one = ids[0]
        renamed = await client.patch(f"/api/v1/chat/{one}", json={"title": "PET"}, headers=headers)
        assert renamed.json()["title"] == "PET"
        assert (await client.get(f"/api/v1/chat/{one}", headers=headers)).json()["title"] == "PET"
        assert (await client.delete(f"/api/v1/chat/{one}", headers=headers)).status_code == 204
        gone = await client.get(f"/api/v1/chat/{one}", headers=headers)
        assert gone.status_code == 404
        assert gone.json()["error"]["code"] == "not_found"


async def test_another_users_conversation_is_not_found(chat_app: Any, signer: TokenSigner) -> None:
    async with chat_app() as running:
        owner, other = person(running, signer), person(running, signer)
        conversation = await owner.new()
        await owner.ask(conversation, "페트병 어떻게 버려요?")
        client = running.client
        base = f"/api/v1/chat/{conversation}"
        for method, path, body in [
            ("GET", base, None),
            ("PATCH", base, {"title": "mine now"}),
            ("DELETE", base, None),
            ("GET", f"{base}/messages", None),
            ("POST", f"{base}/messages", {"text": "안녕"}),
        ]:
            response = await client.request(method, path, json=body, headers=other.headers)
            assert response.status_code == 404, (method, path, response.text)
            assert response.json()["error"]["code"] == "not_found"
        listed = await client.get("/api/v1/chat", headers=other.headers)
        assert listed.json()["items"] == []
        still = await client.get(f"{base}/messages", headers=owner.headers)
        assert len(still.json()["items"]) == 2


async def test_bad_input_is_a_4xx_in_the_error_shape(chat_app: Any, signer: TokenSigner) -> None:
    async with chat_app() as running:
        client, chat = running.client, person(running, signer)
        conversation = await chat.new()
        cases = [
            ("GET", "/api/v1/chat", None, {"cursor": "not-a-cursor!"}, 400),
            ("GET", "/api/v1/chat", None, {"limit": 0}, 422),
            ("POST", "/api/v1/chat", {"title": "x" * 500}, None, 422),
            ("PATCH", f"/api/v1/chat/{conversation}", {"title": ""}, None, 422),
            ("POST", f"/api/v1/chat/{conversation}/messages", {"text": ""}, None, 422),
            ("POST", f"/api/v1/chat/{conversation}/messages", {"text": "x" * 5000}, None, 422),
            ("POST", f"/api/v1/chat/{conversation}/messages", {"text": 3, "x": 1}, None, 422),
            (
                "POST",
                f"/api/v1/chat/{conversation}/messages",
                {"text": "근처", "location": {"lat": 100, "lon": 0}},
                None,
                422,
            ),
        ]
        for method, path, body, params, status in cases:
            response = await client.request(
                method, path, json=body, params=params, headers=chat.headers
            )
            assert response.status_code == status, (path, body, response.text)
            assert response.json()["error"]["code"]
        too_long = await client.post(
            f"/api/v1/chat/{conversation}/messages",
            json={"text": "가" * 1001},
            headers=chat.headers,
        )
        assert too_long.json()["error"]["code"] == "message_too_long"
        assert (await client.get("/api/v1/chat")).status_code == 401


async def test_a_message_without_text_or_image_is_refused_as_its_schema_says(
    chat_app: Any, signer: TokenSigner
) -> None:
    """A location alone asks nothing: 422 empty_message, and the OpenAPI says so too."""
    declared = Draft202012Validator(MessageIn.model_json_schema())
    bodies: list[dict[str, Any]] = [
        {"location": {"lat": 37.5, "lon": 127.0}},
        {"location": None},
        {"image_key": None, "location": None},
    ]
    async with chat_app() as running:
        client, chat = running.client, person(running, signer)
        conversation = await chat.new()
        for body in bodies:
            assert not declared.is_valid(body), body
            response = await client.post(
                f"/api/v1/chat/{conversation}/messages", json=body, headers=chat.headers
            )
            assert response.status_code == 422, (body, response.text)
            assert response.json()["error"]["code"] == "empty_message"
        for body in ({"text": "페트병"}, {"image_key": "uploads/x.jpg", "location": None}):
            assert declared.is_valid(body), body


async def test_user_deleted_erases_their_conversations(chat_app: Any, signer: TokenSigner) -> None:
    async with chat_app() as running:
        leaving, staying = person(running, signer), person(running, signer)
        await leaving.ask(await leaving.new(), "우유팩 어떻게 버려?")
        await staying.ask(await staying.new(), "우유팩 어떻게 버려?")
        db = running.container.db
        gone_user = leaving.user_id
        async with db.session() as session:
            mine = select(func.count()).where(ChatMessage.user_id == gone_user)
            assert (await session.execute(mine)).scalar_one() == 2
        async with db.transaction() as session:
            publish(session, UserDeleted(user_id=gone_user))

        async def erased() -> bool:
            async with db.session() as session:
                count = select(func.count()).select_from(ChatMessage)
                mine = count.where(ChatMessage.user_id == gone_user)
                left = (await session.execute(mine)).scalar_one()
                convs = select(func.count()).where(Conversation.user_id == gone_user)
                remaining = int((await session.execute(convs)).scalar_one())
                return bool(left == 0 and remaining == 0)

        await eventually(erased)
        listed = await running.client.get("/api/v1/chat", headers=staying.headers)
        assert len(listed.json()["items"]) == 1
