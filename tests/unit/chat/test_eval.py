"""Answer quality: the right category among the cited sources for our own question set."""

from __future__ import annotations

from pathlib import Path

import yaml

from ecoeco.chat.assistant import Assistant, Turn

QUESTIONS = Path(__file__).with_name("eval_questions.yaml")
TARGET = 0.85


async def test_cited_categories_match_the_evaluation_set(assistant: Assistant) -> None:
    cases = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    assert len(cases) >= 50
    right, misses = 0, []
    for case in cases:
        answer = await assistant.answer(Turn(text=case["q"], token="", key="eval"))
        cited = [s["category"]["slug"] for s in answer.sources]
        if case["category"] in cited:
            right += 1
        else:
            misses.append((case["q"], case["category"], cited))
    score = right / len(cases)
    print(f"chat eval: {right}/{len(cases)} = {score:.3f}; misses: {misses}")  # noqa: T201
    assert score >= TARGET, misses


async def test_answers_read_as_replies_in_the_askers_language(assistant: Assistant) -> None:
    korean = await assistant.answer(Turn(text="우유팩은 종이랑 같이 버려도 돼?", token="", key="k"))
    assert korean.text.startswith("아니요, 우유팩은 종이가 아니라 **종이팩**으로 버려야 해요.")
    assert "1. " in korean.text
    assert "(참고:" in korean.text
    english = await assistant.answer(Turn(text="is bubble wrap recyclable", token="", key="k"))
    assert english.text.startswith("Yes, the bubble wrap goes in") or "goes in" in english.text
    assert not any("\uac00" <= ch <= "\ud7a3" for ch in english.text.split("(")[0])
    plural = await assistant.answer(Turn(text="where do old clothes go", token="", key="k"))
    assert plural.text.startswith("The clothes go in")
    dirty = await assistant.answer(Turn(text="양념 묻은 배달 용기", token="", key="k"))
    assert dirty.sources[0]["category"]["slug"] == "general"
    assert "플라스틱류로 버려요" in dirty.text
