"""Packaging named before or around its contents, a noun that only looks like a modifier,
scoops and charging cables, and English words typed without spaces (issue 16, h16v)."""

from __future__ import annotations

import pytest

from tests.unit.knowledge.lexical_top import top_slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("종이팩우유", "paper_pack"),  # the carton is thrown away, not the milk
        ("종이팩 우유", "paper_pack"),
        ("멸균팩 주스", "paper_pack"),
        ("멸균팩두유", "paper_pack"),
        ("페트병 콜라", "clear_pet"),
        ("캔 맥주", "metal"),
        ("우유", "food"),  # no container: the milk
        ("상한 우유", "food"),
        ("통 김치", "food"),  # 통 before a food says whole (통김치), not a container
    ],
)
def test_a_container_typed_before_its_contents_is_the_container(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("두부 담겼던 플라스틱", "plastic"),  # held once: the plastic is empty now
        ("김치 들어있던 플라스틱", "plastic"),
        ("플라스틱 통에 든 김치", "food"),  # still inside: the kimchi is asked about too
    ],
)
def test_contents_held_once_are_no_longer_inside(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("분유 스푼", "plastic"),  # a scoop packed with the powder: packaging, plastic
        ("분유스푼", "plastic"),
        ("세제 스푼", "plastic"),
        ("formula scoop", "plastic"),
        ("분유", "food"),
        ("플라스틱 스푼", "general"),  # disposable cutlery stays where the data puts it
        ("유리 깨진 거", "general"),  # a real trailing modifier still moves before its noun
    ],
)
def test_a_name_ending_like_a_modifier_is_a_noun(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("충전기 케이블", "electronics"),  # charging cables go to the small-appliance bin
        ("노트북 충전기 선", "electronics"),
        ("USB 케이블", "electronics"),
        ("charging cable", "electronics"),
        ("충전기", "electronics"),
        ("전선", "metal"),  # a bare electric wire stays scrap metal
        ("rusty wire", "metal"),
    ],
)
def test_charging_cables_are_small_electronics(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("greasypizzabox", "general"),  # greasy pizza box
        ("greasy pizza box", "general"),
        ("pizzabox", "paper"),
        ("emptysodacan", "metal"),
    ],
)
def test_english_words_typed_without_spaces_are_read_apart(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("유리병 뚜껑은 플라스틱인데", "plastic"),  # stated: the cap is plastic
        ("유리병 뚜껑 플라스틱", "plastic"),
        ("유리병 뚜껑", "metal"),  # nothing stated: a glass bottle's cap is metal
        ("칫솔은 플라스틱이야?", "general"),  # asked: a guess at the bin, not the material
    ],
)
def test_a_material_stated_for_the_item_overrules_a_guess_by_its_context(
    query: str, slug: str
) -> None:
    assert top_slug(query) == slug
