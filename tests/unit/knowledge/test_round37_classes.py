"""Round 37: things households throw away that had no name or the wrong one: care and
medical leftovers (틀니, 렌즈 세척액 통, 네뷸라이저), pet and baby (목줄, 고양이 감자,
젖병 꼭지), seasonal decorations (트리 장식, 크리스마스 리스, 부직포 선물 가방),
kitchen (멜라민 그릇, 뚝배기 뚜껑, 음식물 처리기), car and bike parts, and English."""

from __future__ import annotations

import pytest

from tests.unit.knowledge.lexical_top import top_slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("쓰던 틀니", "general"),  # volume-rate: no recyclable material
        ("렌즈 세척액 빈 통", "plastic"),  # the bottle, not the lenses (general)
        ("네뷸라이저", "electronics"),  # a small home medical appliance
        ("pain relief patch", "general"),
        ("강아지 목줄", "general"),
        ("고양이 감자", "general"),  # clumps of cat litter
        ("젖병꼭지", "general"),  # the silicone teat, not the bottle or food
        ("teething ring", "general"),
        ("baby wipes", "general"),
        ("트리 장식 반짝이 볼", "general"),  # an ornament, not a tree (bulky)
        ("christmas wreath", "general"),
        ("선물세트 부직포 가방", "general"),  # non-woven PP is no clothing for the bin
        ("멜라민 그릇", "general"),  # a thermoset: neither plastic recycling nor ceramics
        ("melamine bowl", "general"),
        ("뚝배기 뚜껑", "non_combustible"),  # the earthenware lid, not a plastic cap
        ("음식물 처리기", "electronics"),  # the appliance, not food waste
        ("토스트기", "electronics"),
        ("자동차 와이퍼", "general"),  # a part, not the car or a tyre (bulky)
        ("자전거 안장", "general"),  # a part, not the bicycle (bulky)
        ("bike inner tube", "general"),  # the tyre's small-tube rule, in English
        ("시든 화초", "general"),  # plants are not food waste
        ("멸치 대가리", "food"),  # fish heads are food waste
        ("금박 색종이", "general"),  # foil-coated paper is not paper
        ("랩 심", "paper"),  # the paper core, not the cling film
        ("스카치테이프 심", "paper"),
        ("학습지 비닐 커버", "vinyl"),
        ("air conditioner filter", "general"),  # the filter, not the appliance
        ("공기청정기 필터", "general"),
    ],
)
def test_names_of_round_37(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("양념 싹 씻어낸 김장 비닐", "vinyl"),  # washed off: the dirt is gone
        ("양념 씻어낸 김장 비닐", "vinyl"),
        ("양념을 깨끗이 닦아낸 김장 비닐", "vinyl"),
        ("김장 비닐 양념 묻은 거", "general"),  # still on it
        ("양념이 안 씻기는 김장 비닐", "general"),  # a denied removal: still on it
    ],
)
def test_dirt_said_washed_off_is_gone(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("김치 냄새 밴 플라스틱 김치통", "plastic"),  # a smell is no dirt: rinse and sort
        ("냄새 밴 김치통", "plastic"),
        ("김치 냄새가 배인 반찬통", "plastic"),
        ("김치 국물 밴 반찬통", "general"),  # the juice itself soaked in: a stain
        ("냄새 밴 김치통에 양념 묻은 거", "general"),  # sauce on it as well
    ],
)
def test_a_smell_soaked_in_is_no_dirt(query: str, slug: str) -> None:
    assert top_slug(query) == slug
