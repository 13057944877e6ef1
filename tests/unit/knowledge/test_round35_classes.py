"""Round 35: repair and household leftovers that had no name (사포, 모기장, 폐목재,
나사못), a used-up sealant tube (household waste, not construction waste), and a noun
ending in a particle syllable ("고양이 사료 캔") that is no subject of a bin guess."""

from __future__ import annotations

import pytest

from tests.unit.knowledge.lexical_top import top_slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("사포", "general"),  # abrasive grit on paper: no paper recycling
        ("sandpaper", "general"),
        ("모기장", "general"),
        ("mosquito net", "general"),
        ("폐목재 조각", "general"),  # small offcuts go in the bag
        ("자투리 나무", "general"),
        ("나사못 남은거", "metal"),
        ("다 쓴 실리콘 튜브", "general"),  # one empty tube is no construction waste
        ("실리콘 튜브", "construction"),  # sealant left from a job stays construction
    ],
)
def test_repair_leftovers_of_round_35(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("고양이 사료 캔", "metal"),  # 고양이 ends in 이 but is no subject: the can is asked
        ("고양이 캔 사료 빈 캔", "metal"),
        ("고양이 사료", "food"),
        ("닭뼈도 음식물", "general"),  # a subject right before the guess: the guess goes
        ("칫솔은 플라스틱", "general"),
    ],
)
def test_a_noun_ending_in_a_particle_syllable_is_no_subject(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("치킨 시켜먹고 나온 뼈는 어디다 버리나요", "general"),  # "어디다" asks, names nothing
        ("치킨 먹고 남은 뼈 어디에다 버려요", "general"),
        ("먹다 남은 치킨 어디다 버려", "food"),
    ],
)
def test_where_to_said_colloquially_is_question_phrasing(query: str, slug: str) -> None:
    assert top_slug(query) == slug
