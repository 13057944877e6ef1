"""Round 32: a clause typed glued to the name it describes ("안입는옷"), a bin guessed in
two words ("음식물 쓰레기?"), bottle colours said with 색, cling film said to have wrapped
food, a magazine called 잡지책, soft fruit seeds named in English."""

from __future__ import annotations

import pytest

from ecoeco.knowledge.guesses import without_guess
from ecoeco.knowledge.spacing import spaced
from tests.unit.knowledge.lexical_top import SEARCH, top_slug

KNOWN = (SEARCH.names.vocabulary, SEARCH.names.exact)


@pytest.mark.parametrize(
    ("glued", "split"),
    [
        ("안입는옷", "안입는 옷"),
        ("먹다남은약", "먹다 남은 약"),
        ("라벨붙은페트병", "라벨 붙은 페트병"),
        ("음식물묻은비닐", "음식물 묻은 비닐"),
        ("유리병깨진거", "유리병 깨진거"),  # a name first: split after it, as before
        ("반찬통", "반찬통"),  # a name itself stays whole
        ("미세먼지", "미세먼지"),  # no clause in front (세 ends no clause)
        ("버릴라면", "버릴라면"),  # a final ㄹ is left alone: no 라면 to throw away
    ],
)
def test_a_clause_glued_to_the_name_it_describes_is_split(glued: str, split: str) -> None:
    assert spaced(glued, *KNOWN) == split


def test_a_name_in_front_is_no_clause() -> None:
    # 반찬 is a whole name: "반찬컵" is a compound, not "a cup that 반찬s"
    assert spaced("반찬컵", *KNOWN) == "반찬컵"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("안입는옷", "textile"),
        ("유통기한지난약", "hazardous"),
        ("먹다남은약", "hazardous"),
        ("안쓰는전자레인지", "electronics"),
        ("음식물묻은비닐", "general"),
        ("라벨붙은페트병", "clear_pet"),
        ("안깨진소주병", "glass"),
    ],
)
def test_text_typed_without_spaces(query: str, slug: str) -> None:
    assert top_slug(query) == slug


def test_a_bin_guessed_in_two_words_is_no_item() -> None:
    assert without_guess("치킨뼈 음식물 쓰레기") == "치킨뼈"
    assert without_guess("계란껍질 일반 쓰레기야") == "계란껍질"
    assert without_guess("음식물 쓰레기 봉투") == "음식물 쓰레기 봉투"  # a thing named
    assert top_slug("치킨뼈 음식물 쓰레기?") == "general"
    assert top_slug("치킨뼈음식물쓰레기?") == "general"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("파란색 생수병", "plastic"),
        ("검은색 페트병", "plastic"),
        ("생수병", "clear_pet"),
        ("음식 싸던 랩", "general"),
        ("used plastic wrap", "general"),
        ("깨끗한 랩", "vinyl"),
        ("다 읽은 잡지책", "paper"),
        ("watermelon seeds", "food"),  # soft seeds, as 수박씨
        ("peach pit", "general"),  # a hard stone stays general
    ],
)
def test_names_and_states_people_use(query: str, slug: str) -> None:
    assert top_slug(query) == slug


def test_the_condition_named_is_the_one_the_query_states() -> None:
    hit = SEARCH.search("젖은 신문지").hits[0]
    assert hit.category.slug == "general"
    assert hit.condition is not None
    assert "젖" in hit.condition.when_ko  # wet, not "wiped grease"
