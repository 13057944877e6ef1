"""Round 33: a stain said with 배다 or a colour it left ("국물 배서 빨개진"), what is stuck
on a thing ("라벨 붙은") that is no dirt and no name of it, eye drops called 눈약, parcel
air cushions called 공기주머니."""

from __future__ import annotations

import pytest

from ecoeco.knowledge.conditions import QueryText
from ecoeco.knowledge.shapes import fronted
from tests.unit.knowledge.lexical_top import SEARCH, top_slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("라면 국물 배서 빨개진 스티로폼 용기", "general"),
        ("김치 국물에 빨개진 반찬통", "general"),
        ("카레 배서 누래진 플라스틱 용기", "general"),
        ("스티로폼 용기", "styrofoam"),  # no stain named: clean
    ],
)
def test_a_stain_said_by_soaking_in_or_by_its_colour_is_dirt(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "smears"),
    [
        ("치즈가 붙은 피자박스", True),
        ("김치 국물 물든 통", True),
        ("양념 안 붙은 그릇", True),  # a soil then a denial: read (and denied) later
        ("소스 유리병 라벨 붙은거", False),  # the label is stuck on, the sauce is what it held
        ("테이프 붙은 기름 상자", False),
    ],
)
def test_sticking_speaks_of_dirt_only_after_a_soil(query: str, smears: bool) -> None:
    assert bool(QueryText(query).smears) is smears


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("소스 유리병 라벨 붙은거", "glass"),
        ("잼 유리병 라벨 붙은 거", "glass"),
        ("페트병 라벨 붙은거", "clear_pet"),
    ],
)
def test_what_is_stuck_on_a_thing_is_neither_its_dirt_nor_its_name(query: str, slug: str) -> None:
    assert top_slug(query) == slug


def test_a_trailing_clause_of_sticking_goes_with_the_thing_before_it() -> None:
    assert fronted("소스 유리병 라벨 붙은거".split()) == ["라벨", "붙은", "소스", "유리병"]
    assert fronted("테이프 붙은 거".split()) == ["붙은", "테이프"]  # nothing else named


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("눈약 유통기한 지난 거", "hazardous"),
        ("택배 완충재 공기주머니", "vinyl"),
    ],
)
def test_everyday_names(query: str, slug: str) -> None:
    assert top_slug(query) == slug


def test_a_misspelt_name_is_no_statement_of_doing() -> None:
    # "XX중" states what one is doing ("공부중"), unless it is a name misspelt by one jamo
    assert top_slug("영수중") == "general"
    assert top_slug("공부중") is None


@pytest.mark.parametrize("query", ["로또 번호", "로또 번호?", "전화번호"])
def test_a_number_asked_for_is_no_item(query: str) -> None:
    assert top_slug(query) is None


def test_the_ticket_itself_is_still_an_item() -> None:
    assert top_slug("로또 용지") == "general"


@pytest.mark.parametrize(
    ("query", "item"),
    [
        ("장난감 자동차 건전지 뺀거", "plastic_toy"),  # the toy, an electric one (electronics)
        ("리모컨 건전지 뺀 거", "remote_control"),
        ("페트병 라벨 뗀 거", "clear_pet_bottle"),
    ],
)
def test_a_part_said_to_be_taken_off_is_not_the_item_asked_about(query: str, item: str) -> None:
    assert SEARCH.search(query).hits[0].item.id == item


def test_peeling_leaves_the_peel() -> None:
    assert top_slug("생강 껍질 벗긴 것") == "general"  # the peel peeled off, not the ginger
