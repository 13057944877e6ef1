"""One particle helper: the right 조사 after any name, and no "은(는)" in any answer."""

from __future__ import annotations

import pytest

from ecoeco.chat.compose import Composer
from ecoeco.chat.retrieval import Guide
from ecoeco.knowledge import load_knowledge
from ecoeco.knowledge.korean import direction, if_it_is, object_of, particle, subject, topic
from ecoeco.workers.ai.guide import answer, rule

BRACKETED = ("은(는)", "는(은)", "이(가)", "을(를)", "(으)로", "(이)라면", "와(과)", "과(와)")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("페트병", "페트병은"), ("종이", "종이는"), ("LED", "LED는"), ("CD", "CD는"),
        ("18650", "18650은"), ("KF94", "KF94는"), ("폐기물(마대)", "폐기물(마대)는"),
    ],
)  # fmt: skip
def test_topic_follows_the_sound_of_the_last_character(word: str, expected: str) -> None:
    assert topic(word) == expected


def test_each_particle_pair() -> None:
    assert subject("유리병") == "유리병이"
    assert subject("비닐류") == "비닐류가"
    assert object_of("사과") == "사과를"
    assert object_of("건전지") == "건전지를"
    assert direction("일반 종량제봉투") == "일반 종량제봉투로"
    assert direction("투명 페트병") == "투명 페트병으로"
    assert direction("음식물류 폐기물") == "음식물류 폐기물로"  # ㄹ takes 로
    assert direction("PVC") == "PVC로"
    assert direction("**금속류(캔·고철)**") == "**금속류(캔·고철)**로"
    assert if_it_is("깨진 병") == "깨진 병이라면"
    assert if_it_is("큰 베개") == "큰 베개라면"
    assert particle("칼", "과/와") == "칼과"


def test_no_answer_prints_a_bracketed_particle() -> None:
    kb = load_knowledge()
    composer = Composer(kb)
    for item in kb.items:
        cases = [
            (kb.category(item.category), None),
            *((kb.category(c.category), c) for c in item.conditions),
        ]
        for category, cond in cases:
            guide = Guide(category, item, cond, 1.0, "item")
            texts = [composer.disposal([guide], "ko", None).text]
            out = answer(kb, rule(kb, item.id, category.slug, cond))
            texts += [*out.steps, *out.warnings]
            for text in texts:
                assert not any(b in text for b in BRACKETED), (item.id, text)


def test_food_answers_say_what_food_waste_becomes() -> None:
    kb = load_knowledge()
    out = answer(kb, rule(kb, "fruit_peel", None))
    assert any("사료·퇴비" in w and "재활용됩니다" in w for w in out.warnings)
    assert not any("재활용되지 않습니다" in w for w in out.warnings)
