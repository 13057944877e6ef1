"""Honest ranking: names beat guesses, parts are not wholes, unsure means no item."""

from __future__ import annotations

import pytest

from ecoeco.knowledge import ItemSearch, load_knowledge
from ecoeco.knowledge.guesses import without_guess


@pytest.fixture(scope="module")
def search() -> ItemSearch:
    return ItemSearch(load_knowledge())


@pytest.mark.parametrize(
    "query", ["내일 날씨", "ㅋㅋㅋ", "asdf", "오늘 점심 뭐 먹지", "hello world"]
)
def test_out_of_domain_text_returns_no_item(search: ItemSearch, query: str) -> None:
    assert search.search(query).hits == ()


def test_a_word_that_only_starts_a_longer_name_is_not_that_thing(search: ItemSearch) -> None:
    result = search.search("치킨")  # not the chicken bones, not the chicken box
    assert all(h.item.id not in ("chicken_bone", "pizza_box") for h in result.hits[:1])
    if not result.hits:
        assert result.suggestions  # "not sure": the near candidates, to ask about


def test_the_head_noun_is_the_item(search: ItemSearch) -> None:
    assert search.search("기름 안 묻은 호일").hits[0].item.id == "aluminium_foil"
    assert search.search("페인트 묻은 헌옷").hits[0].item.id in ("clothes", "stained_clothes")
    assert search.search("디지털 체온계").hits[0].category.slug == "electronics"


def test_particles_typos_and_guessed_bins(search: ItemSearch) -> None:
    assert search.search("치솔은 플라스틱이야?").hits[0].item.id == "toothbrush"
    assert search.search("스티로품 어디에 버려?").hits[0].category.slug == "styrofoam"
    assert search.search("다 쓴 스프레이").hits[0].item.id == "spray_can"
    assert without_guess("닭뼈도 음식물 쓰레기야") == "닭뼈도"
    assert without_guess("계란껍질 음쓰야") == "계란껍질"
    assert without_guess("음식물 안 묻은 깨끗한 비닐은") == "음식물 안 묻은 깨끗한 비닐은"
    assert without_guess("are eggshells food waste") == "are eggshells"


def test_hazardous_answers_need_a_name_not_a_guess(search: ItemSearch) -> None:
    plain = search.search("체온계")  # 수은 or 디지털: never silently the appliance bin
    assert not plain.hits or plain.hits[0].unsure is not None
    assert not plain.hits or plain.hits[0].category.slug == "hazardous"


def test_a_yes_no_question_about_the_bin_drops_the_guess() -> None:
    assert without_guess("계란 껍데기 음쓰 맞아") == "계란 껍데기"
    assert without_guess("닭뼈 음식물 맞나요") == "닭뼈"
    assert without_guess("음쓰 맞아") == "음쓰 맞아"  # nothing named before it


def test_short_english_words_are_not_typos_of_other_words() -> None:
    search = ItemSearch(load_knowledge())
    assert search.search("hello").hits == ()  # not a misspelt cello
    assert search.search("what time is it").hits == ()  # "what" holds no hat
    assert search.search("soffa").hits[0].item.id == "sofa"  # a longer word still may be
    assert search.search("안녕").hits == ()  # a greeting, not a misspelt 안경
    assert search.search("ok").hits == ()
    assert search.search("안경").hits[0].item.id == "glasses"


def test_a_stated_material_is_not_the_food_it_names(search: ItemSearch) -> None:
    # A plastic thing named after a cake is no cake: not sure, rather than food.
    assert all(h.category.slug != "food" for h in search.search("plastic cake dome").hits[:1])
    # ... but what is inside a container is still asked about.
    assert search.search("플라스틱 통에 든 김치").hits[0].category.slug == "food"
