"""The optional LLM rewrite: streamed from a fake OpenAI-compatible server, with fallbacks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ecoeco.core.security.tokens import TokenSigner
from tests.e2e.chat.conftest import person, sse_events
from tests.fakes.openai_server import FakeOpenAI, Reply

REWRITE = "투명 페트병은 라벨을 떼고 헹군 뒤 찌그러뜨려 투명 페트병 수거함에 넣어 주세요."


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    """A fake LLM the chat service is configured to use."""
    with FakeOpenAI(api_key="sk-chat", model="fake-chat") as fake:
        monkeypatch.setenv("ECOECO_CHAT_LLM_BASE_URL", fake.base_url)
        monkeypatch.setenv("ECOECO_CHAT_LLM_API_KEY", "sk-chat")
        monkeypatch.setenv("ECOECO_CHAT_LLM_MODEL", "fake-chat")
        monkeypatch.setenv("ECOECO_CHAT_LLM_FIRST_TOKEN_SECONDS", "0.5")
        yield fake


async def ask_sse(running: Any, chat: Any, text: str) -> list[tuple[str, dict[str, Any]]]:
    conversation = await chat.new()
    response = await running.client.post(
        f"/api/v1/chat/{conversation}/messages", json={"text": text}, headers=chat.headers
    )
    assert response.status_code == 200
    return sse_events(response.text)


async def test_llm_rewrites_the_answer_from_the_guide_only(
    chat_app: Any, signer: TokenSigner, llm: FakeOpenAI
) -> None:
    llm.enqueue(Reply(REWRITE))
    async with chat_app() as running:
        chat = person(running, signer)
        events = await ask_sse(running, chat, "페트병 어떻게 버려요?")
        chunks = [d["text"] for n, d in events if n == "chunk"]
        final = events[-1][1]
        assert "".join(chunks) == REWRITE == final["text"]
        assert final["context"]["llm"] is True
        assert final["sources"][0]["category"]["slug"] == "clear_pet"
        sent = llm.chat_requests()[-1]
        assert sent.json["stream"] is True
        assert sent.json["model"] == "fake-chat"
        prompt = sent.json["messages"][-1]["content"]
        assert "투명 페트병 (Clear PET bottles)" in prompt
        assert "페트병 어떻게 버려요?" in prompt
        greeting = await chat.ask(await chat.new(), "안녕하세요")
        assert greeting["intent"] == "greeting"
        assert len(llm.chat_requests()) == 1


@pytest.mark.parametrize(
    "reply",
    [
        Reply.error(500),
        Reply(REWRITE, delay=2.0),
        Reply(REWRITE, cut_stream=True),
        Reply(""),
    ],
    ids=["server-error", "too-slow", "cut-off", "empty"],
)
async def test_llm_failures_fall_back_to_the_composed_answer(
    chat_app: Any, signer: TokenSigner, llm: FakeOpenAI, reply: Reply
) -> None:
    llm.enqueue(reply)
    async with chat_app() as running:
        chat = person(running, signer)
        events = await ask_sse(running, chat, "페트병 어떻게 버려요?")
        final = events[-1]
        assert final[0] == "final"
        assert final[1]["context"]["llm"] is False
        assert final[1]["text"].startswith("투명 페트병은 **투명 페트병**으로")
        assert final[1]["sources"][0]["category"]["slug"] == "clear_pet"
