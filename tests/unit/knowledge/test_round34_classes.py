"""Round 34: everyday names that were missing (분유통, 송편, 떡국떡, 클립), a clause glued
to a name with its container ("다먹은요플레통"), and the place a thing is put named beside
it ("변기에 버려도 돼?", "음식물쓰레기봉투에 닭뼈 넣어도 돼?")."""

from __future__ import annotations

import pytest

from ecoeco.knowledge.guesses import without_place
from ecoeco.knowledge.spacing import spaced
from tests.unit.knowledge.lexical_top import SEARCH, top_slug

KNOWN = (SEARCH.names.vocabulary, SEARCH.names.exact)


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("분유통", "metal"),  # formula comes in a steel can
        ("분유 다 먹은 통", "metal"),
        ("분유 종이통", "general"),  # the paper composite tube stays apart
        ("분유", "food"),  # the powder itself
        ("송편 남은 거", "food"),
        ("떡국떡", "food"),
        ("클립", "metal"),
        ("압정", "metal"),
        ("클립보드", "general"),  # a board, not a clip
    ],
)
def test_everyday_names_of_round_34(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("다먹은요플레통", "다먹은 요플레통"),  # a name with its container glued on
        ("안쓰는반찬통", "안쓰는 반찬통"),
        ("음식물쓰레기봉투에닭뼈넣어도돼", "음식물쓰레기봉투에 닭뼈 넣어도돼"),  # 에 stays
        ("유리병깨진거", "유리병 깨진거"),
        ("반찬통", "반찬통"),
        ("곰팡이핀귤", "곰팡이 핀 귤"),  # a name, a clause it is the subject of, a name
        ("곰팡이핀식빵", "곰팡이 핀 식빵"),
    ],
)
def test_glued_words_split_at_names_with_their_containers_and_particles(
    glued: str, split: str
) -> None:
    assert spaced(glued, *KNOWN) == split


@pytest.mark.parametrize(
    ("said", "left"),
    [
        ("고양이 모래 변기에 버려도 되나요", "고양이 모래 버려도 되나요"),
        ("음식물쓰레기봉투에 닭뼈 넣어도 돼", "닭뼈 넣어도 돼"),
        ("헌 옷 수거함에다 넣어도 돼?", "헌 옷 넣어도 돼?"),
        ("김칫국물에 물든 용기 버려도 돼?", "김칫국물에 물든 용기 버려도 돼?"),  # what stained it
        ("냉장고에 있던 김치 버려", "냉장고에 있던 김치 버려"),  # a clause, not a place
        ("물에 젖은 종이 버려", "물에 젖은 종이 버려"),
        ("변기 어떻게 버려요", "변기 어떻게 버려요"),  # the toilet itself is asked
    ],
)
def test_the_place_a_thing_is_put_is_no_item(said: str, left: str) -> None:
    assert without_place(said, said) == left


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("다먹은요플레통", "plastic"),
        ("곰팡이핀귤", "food"),  # not 곰팡이 핀 옷
        ("고양이 모래 변기에 버려도 되나요", "general"),  # not the toilet (construction)
        ("음식물쓰레기봉투에닭뼈넣어도돼", "general"),  # the bone, not the food-waste bag
        ("헌 옷 의류수거함에 넣어도 돼?", "textile"),
        ("변기 어떻게 버려요", "construction"),
    ],
)
def test_a_place_named_beside_the_thing_does_not_answer(query: str, slug: str) -> None:
    assert top_slug(query) == slug


def test_a_place_alone_names_no_item() -> None:
    assert top_slug("변기에 버려도 돼?") is None
