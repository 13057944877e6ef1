"""Round 38: sports and leisure gear, bathroom things, machines and wrappers named by use
(등산스틱, 야구 배트, 욕실화, 이태리타월, 청소포, 다리미판, 자판기, 스틱 포장지), a food
exception with no name yet (닭털, 볏짚), and an inner bag named as such (속봉지)."""

from __future__ import annotations

import pytest

from tests.unit.knowledge.lexical_top import top_slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("알루미늄 등산스틱", "metal"),  # scrap metal once the grip comes off
        ("trekking pole", "metal"),
        ("알루미늄 야구 배트", "metal"),
        ("나무 야구 배트", "general"),  # a wooden bat goes in the bag
        ("야구 글러브", "general"),
        ("실리콘 수영모", "general"),
        ("수경", "general"),
        ("욕실화", "general"),  # rubber slippers are no shoes for the clothing bin
        ("이태리타월", "general"),
        ("물걸레 청소포", "general"),  # the sheet, not the steam mop (electronics)
        ("다리미판", "bulky"),  # not the iron
        ("음료 자판기", "electronics"),  # on the free pickup list, not a drink can
        ("자판기 종이컵", "paper_pack"),  # the cup from the machine stays a paper cup
        ("홍삼 스틱 포장지", "vinyl"),  # a stick sachet, not wrapping paper
        ("고양이 캔", "metal"),  # canned pet food: the can
        ("캠핑용 이소가스", "metal"),  # vented outdoors, then metal like butane
        ("닭털", "general"),  # feathers and hair are not food waste
        ("볏짚", "general"),
        ("붕대", "general"),
        ("골프가방", "bulky"),
        ("cat tower", "bulky"),
        ("삼다수라벨", "vinyl"),  # the label of a bottle of water
        ("하드커버 책", "paper"),  # the pages are paper once the cover comes off
    ],
)
def test_names_of_round_38(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("시리얼 속봉지", "vinyl"),  # the inner bag, not the cereal (food)
        ("밀가루 속봉지", "vinyl"),
        ("과자 속봉지", "vinyl"),
    ],
)
def test_an_inner_bag_is_a_bag(query: str, slug: str) -> None:
    assert top_slug(query) == slug
