"""Messages over HTTP: SSE streaming, whole JSON answers, follow-ups, limits."""

from __future__ import annotations

from typing import Any

import pytest

from ecoeco.core.security.tokens import TokenSigner
from tests.e2e.chat.conftest import person, sse_events


def categories(message: dict[str, Any]) -> list[str]:
    """The category slugs an answer cites."""
    return [s["category"]["slug"] for s in message["sources"]]


async def test_answer_streams_over_sse_and_is_persisted(chat_app: Any, signer: TokenSigner) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        response = await running.client.post(
            f"/api/v1/chat/{conversation}/messages",
            json={"text": "페트병 어떻게 버려요?"},
            headers=chat.headers,
        )
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = sse_events(response.text)
        names = [name for name, _ in events]
        assert names[0] == "start"
        assert names[-1] == "final"
        chunks = [data["text"] for name, data in events if name == "chunk"]
        assert len(chunks) > 3
        final = events[-1][1]
        assert final["role"] == "assistant"
        assert final["text"] == "".join(chunks)
        assert final["intent"] == "disposal"
        assert categories(final)[0] == "clear_pet"
        assert final["sources"][0]["category"]["name_ko"] == "투명 페트병"
        assert final["sources"][0]["item"]["id"] == "clear_pet_bottle"
        assert "라벨" in final["text"]
        assert "투명 페트병" in final["text"]
        assert final["first_token_ms"] is not None
        assert final["total_ms"] >= final["first_token_ms"]
        history = await running.client.get(
            f"/api/v1/chat/{conversation}/messages", headers=chat.headers
        )
        items = history.json()["items"]
        assert [m["role"] for m in items] == ["user", "assistant"]
        assert items[0]["text"] == "페트병 어떻게 버려요?"
        assert items[1] == final
        listed = await running.client.get("/api/v1/chat", headers=chat.headers)
        assert listed.json()["items"][0]["title"] == "페트병 어떻게 버려요?"


async def test_json_clients_get_the_whole_answer_in_their_language(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        bones = await chat.ask(conversation, "치킨 먹고 남은 뼈는 음식물이야?")
        assert "general" in categories(bones)
        assert bones["text"].startswith("아니요")
        assert "일반종량제" in bones["text"] or "종량제" in bones["text"]
        mirror = await chat.ask(conversation, "how do I throw away a broken mirror")
        assert categories(mirror)[0] == "non_combustible"
        assert "goes in" in mirror["text"]
        assert "Non-combustible" in mirror["text"]
        page = await running.client.get(
            f"/api/v1/chat/{conversation}/messages",
            params={"limit": 3, "order": "desc"},
            headers=chat.headers,
        )
        body = page.json()
        assert [m["text"] for m in body["items"]][0] == mirror["text"]
        assert body["next_cursor"]
        rest = await running.client.get(
            f"/api/v1/chat/{conversation}/messages",
            params={"limit": 3, "order": "desc", "cursor": body["next_cursor"]},
            headers=chat.headers,
        )
        assert [m["role"] for m in rest.json()["items"]] == ["user"]
        assert rest.json()["next_cursor"] is None


async def test_follow_up_questions_use_the_previous_turns(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        first = await chat.ask(conversation, "페트병 어떻게 버려요?")
        assert first["sources"][0]["item"]["id"] == "clear_pet_bottle"
        cap = await chat.ask(conversation, "그럼 뚜껑은?")
        assert cap["sources"][0]["item"]["id"] == "bottle_cap_plastic"
        assert categories(cap)[0] == "plastic"
        soju = await chat.ask(conversation, "소주병 버리는 법")
        assert categories(soju)[0] == "glass"
        broken = await chat.ask(conversation, "그럼 깨졌으면?")
        assert broken["sources"][0]["item"]["id"] == "soju_bottle"
        assert categories(broken)[0] == "general"
        assert "깨진 병" in broken["text"]
        fresh = await chat.new()
        alone = await chat.ask(fresh, "그럼 깨졌으면?")
        cited = [(s["item"] or {}).get("id") for s in alone["sources"]]
        assert "soju_bottle" not in cited


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("안녕하세요", "greeting"),
        ("help", "help"),
        ("오늘 날씨 어때?", "out_of_scope"),
        ("write me a poem about the sea", "out_of_scope"),
    ],
)
async def test_greetings_help_and_refusals(
    chat_app: Any, signer: TokenSigner, text: str, intent: str
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        answer = await chat.ask(await chat.new(), text)
        assert answer["intent"] == intent
        assert answer["sources"] == []
        if intent == "out_of_scope":
            assert "죄송" in answer["text"] or "Sorry" in answer["text"]


async def test_messages_are_rate_limited_per_user(
    chat_app: Any, signer: TokenSigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOECO_CHAT_RATE_PER_MINUTE", "3")
    async with chat_app() as running:
        chat, other = person(running, signer), person(running, signer)
        conversation = await chat.new()
        for _ in range(3):
            await chat.ask(conversation, "캔 버리는 법")
        refused = await running.client.post(
            f"/api/v1/chat/{conversation}/messages",
            json={"text": "캔 버리는 법"},
            headers=chat.headers,
        )
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "rate_limited"
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        await other.ask(await other.new(), "캔 버리는 법")
        history = await running.client.get(
            f"/api/v1/chat/{conversation}/messages", headers=chat.headers
        )
        assert len(history.json()["items"]) == 6


async def test_a_repeated_idempotency_key_replays_instead_of_asking_again(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        client = running.client
        keyed = {**chat.headers, "Idempotency-Key": "conv-1"}
        first = await client.post("/api/v1/chat", json={"title": "a"}, headers=keyed)
        again = await client.post("/api/v1/chat", json={"title": "b"}, headers=keyed)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        conversation = first.json()["id"]
        path = f"/api/v1/chat/{conversation}/messages"
        headers = {**chat.headers, "Idempotency-Key": "msg-1", "Accept": "application/json"}
        answer = await client.post(path, json={"text": "캔 버리는 법"}, headers=headers)
        replay = await client.post(path, json={"text": "캔 버리는 법"}, headers=headers)
        assert replay.json() == answer.json()
        streamed = await client.post(
            path, json={"text": "캔 버리는 법"}, headers={**headers, "Accept": "text/event-stream"}
        )
        events = sse_events(streamed.text)
        assert events[-1] == ("final", answer.json())
        assert "".join(d["text"] for n, d in events if n == "chunk") == answer.json()["text"]
        history = await client.get(path, headers=chat.headers)
        assert [m["role"] for m in history.json()["items"]] == ["user", "assistant"]
        other = await client.post(
            path, json={"text": "우유팩"}, headers={**headers, "Idempotency-Key": "msg-2"}
        )
        assert other.json()["id"] != answer.json()["id"]
