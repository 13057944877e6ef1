"""What a question costs the assistant: a query embedding only when the cosines can matter."""

from __future__ import annotations

from typing import Any

import pytest

from ecoeco.chat.runtime import ChatRuntime
from ecoeco.composition import Shared
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.knowledge.embedding import FloatArray
from tests.e2e.chat.conftest import person


def _count_queries(shared: Shared, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The single texts the process's embedder is asked for (remembered or not), in order."""
    asked: list[str] = []
    embed = shared.embedder.embed

    def counting(texts: list[str]) -> FloatArray:
        if len(texts) == 1:
            asked.append(texts[0])
        return embed(texts)

    monkeypatch.setattr(shared.embedder, "embed", counting)
    return asked


async def test_a_question_that_names_its_item_needs_no_query_embedding(
    chat_app: Any, signer: TokenSigner, shared: Shared, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _count_queries(shared, monkeypatch)
    async with chat_app() as running:
        chat = person(running, signer)
        named = await chat.ask(await chat.new(), "고장난 선풍기 버리려는데")
        assert named["sources"][0]["item"]["name_ko"] == "선풍기"
        assert named["sources"][0]["category"]["slug"] == "electronics"
        medicine = await chat.ask(await chat.new(), "유통기한 지난 약은 어떻게 버리나요")
        assert medicine["sources"][0]["category"]["slug"] == "hazardous"
        assert asked == []
        # Two named things of different bins side by side: the cosines may reorder them.
        foam = await chat.ask(await chat.new(), "스티로폼 상자 비닐 테이프 붙은 채로 버려도 돼?")
        assert foam["sources"][0]["item"]["name_ko"] == "스티로폼 상자"
        assert asked == ["스티로폼 상자 비닐 테이프 붙은 채로"]
        # Nothing named as a word: the semantic stage and the intent examples are asked.
        vague = await chat.ask(await chat.new(), "takeaway coffee vessel")
        assert vague["sources"] == []
        assert "takeaway coffee vessel" in asked[1:]


async def test_a_turn_with_no_answer_searches_once(
    chat_app: Any, signer: TokenSigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with chat_app() as running:
        retriever = running.runtime(ChatRuntime).assistant.retriever
        searched: list[str] = []
        search = retriever.items.search

        def counting(text: str, limit: int = 10, *, semantic: bool | None = None) -> Any:
            searched.append(text)
            return search(text, limit, semantic=semantic)

        monkeypatch.setattr(retriever.items, "search", counting)
        chat = person(running, signer)
        unsure = await chat.ask(await chat.new(), "컵 어떻게 버려?")
        assert unsure["sources"] == []
        assert "혹시" in unsure["text"]  # it asks which of the near items was meant
        assert unsure["context"]["suggestions"]
        assert searched.count("컵 어떻게 버려?") == 1
