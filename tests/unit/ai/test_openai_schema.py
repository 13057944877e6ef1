"""Validation of the vision model's JSON answer against our category slugs."""

from __future__ import annotations

import pytest

from ecoeco.knowledge import KnowledgeBase
from ecoeco.workers.ai.adapters.openai_schema import parse_answer, response_format, system_prompt
from ecoeco.workers.ai.ports import VisionResponseInvalid

SLUGS = ["glass", "metal", "plastic"]


def test_valid_answer_and_its_alternatives() -> None:
    answer = parse_answer(
        '{"category": "glass", "item": " ", "confidence": 0.9, "candidates": ['
        '{"category": "metal", "item": "can", "confidence": 0.2},'
        '{"category": "wood", "item": null, "confidence": 0.1},'
        '{"category": "plastic"}]}',
        SLUGS,
    )
    assert (answer.category, answer.item, answer.confidence) == ("glass", None, 0.9)
    alts = answer.alternatives(SLUGS)
    assert [(g.category, g.item) for g in alts] == [("metal", "can")]


@pytest.mark.parametrize(
    "content",
    [
        "",
        "null",
        '"glass"',
        '{"category": "wood", "confidence": 0.5}',
        '{"category": "glass", "confidence": -0.1}',
        '{"category": "glass", "confidence": "high"}',
        '{"item": "bottle", "confidence": 0.5}',
    ],
)
def test_invalid_answers_raise(content: str) -> None:
    with pytest.raises(VisionResponseInvalid):
        parse_answer(content, SLUGS)


def test_schema_and_prompt_list_every_category(knowledge: KnowledgeBase) -> None:
    slugs = [c.slug for c in knowledge.categories]
    fmt = response_format(slugs, json_schema=True)
    schema = fmt["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"category", "item", "confidence", "candidates"}
    assert schema["properties"]["category"]["enum"] == [*slugs, "unknown"]
    assert response_format(slugs, json_schema=False) == {"type": "json_object"}
    prompt = system_prompt(knowledge.categories)
    for category in knowledge.categories:
        assert f"- {category.slug}: {category.name_en} ({category.name_ko})" in prompt
