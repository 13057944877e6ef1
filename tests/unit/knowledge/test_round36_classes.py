"""Round 36: repair, DIY and hobby leftovers that had no name (경첩, 드릴 비트, 톱밥,
털실, 비즈, 글루건 심, 프라모델 런너, 피자 삼발이), "자투리" as the remains of what is
named before it (철사 자투리 is wire), and a tube of sealant left over at home."""

from __future__ import annotations

import pytest

from tests.unit.knowledge.lexical_top import top_slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("경첩", "metal"),  # small iron hardware goes with tools and nails (고철)
        ("부러진 드릴 비트", "metal"),  # not the beet (비트) of the vegetables
        ("자전거 체인", "metal"),  # a part of the bicycle, not the bicycle (bulky)
        ("자전거 튜브", "general"),  # a rubber inner tube: the tyre's small-tube rule
        ("톱밥", "general"),
        ("뜨개실 남은 거", "general"),  # yarn is no clothing for the clothing bin
        ("yarn scraps", "general"),
        ("비즈 공예 남은 구슬", "general"),
        ("가죽 자투리", "general"),
        ("다 쓴 글루건 심", "general"),  # the glue stick, not the glue gun (electronics)
        ("다 쓴 본드 튜브", "general"),  # an empty tube, not leftover glue (hazardous)
        ("프라모델 런너", "plastic"),  # one plastic, nothing else on it
        ("피자 삼발이", "plastic"),  # the pizza saver, not the pizza
        ("일쓰 봉투", "general"),  # 일쓰: 일반쓰레기, the volume-rate bag
        ("문고리", "metal"),  # variants written after the fixes
        ("레진 굳은 거", "general"),  # cured like dried paint; liquid resin stays hazardous
        ("물감 팔레트", "general"),  # not the wooden pallet (bulky)
        ("캔버스", "general"),
    ],
)
def test_diy_and_hobby_leftovers_of_round_36(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("철사 자투리", "metal"),  # the wire's offcut, not the leather offcut's item
        ("구리 자투리", "metal"),
        ("타일 자투리", "non_combustible"),
        ("장판 자투리", "general"),  # a small piece of flooring fits in the bag
    ],
)
def test_an_offcut_is_of_what_is_named_before_it(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("쓰고 남은 실리콘 튜브", "general"),  # a tube left over at home: harden, bag it
        ("쓰다 남은 퍼티", "general"),
        ("다 쓴 실리콘 튜브", "general"),
        ("실리콘 튜브", "construction"),  # sealant from a job stays construction waste
    ],
)
def test_a_sealant_tube_left_over_at_home_is_household_waste(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("약봉투에든알약", "hazardous"),  # typed glued: 약봉투에 든 알약, the pills
        ("약봉투에 든 알약", "hazardous"),  # 에 says where they were: no container first
        ("상자에든약", "hazardous"),
        ("종이팩우유", "paper_pack"),  # a container typed before its contents is thrown
        ("멸균팩 주스", "paper_pack"),
    ],
)
def test_what_was_in_a_container_is_asked_about(query: str, slug: str) -> None:
    assert top_slug(query) == slug
