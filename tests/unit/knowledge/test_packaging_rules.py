"""Rounds 16-17: one rule for cosmetic containers, caps that are no hats, soils named with
what holds them on, more ways to say wet, broken and swollen, a material inside a name,
clauses before a part, adverbs of degree, a glued 빈병, question endings."""

from __future__ import annotations

import pytest

from ecoeco.knowledge import ItemSearch, load_knowledge


@pytest.fixture(scope="module")
def search() -> ItemSearch:
    return ItemSearch(load_knowledge())


def _slug(search: ItemSearch, query: str) -> str | None:
    hits = search.search(query).hits
    return hits[0].category.slug if hits else None


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        # emptied and rinsed, a cosmetic bottle or jar goes by its material
        ("cosmetic bottle", "plastic"),
        ("lotion bottle", "plastic"),
        ("선크림 통", "plastic"),
        ("다 쓴 로션 통", "plastic"),
        ("크림 유리 용기", "glass"),  # the material stated inside the name
        ("화장품 유리병", "glass"),
        ("내용물이 남은 화장품 용기", "general"),
        # small mixed-material makeup and unwashed tubes go in the bag
        ("립스틱", "general"),
        ("쿠션 팩트", "general"),
        ("아이섀도 팔레트", "general"),
        ("선크림 튜브", "general"),
        ("잘라서 씻은 선크림 튜브", "plastic"),
    ],
)
def test_cosmetic_containers_follow_one_rule(search: ItemSearch, query: str, slug: str) -> None:
    assert _slug(search, query) == slug


def test_a_cap_is_a_bottle_cap_not_a_hat(search: ItemSearch) -> None:
    assert _slug(search, "cap") == "plastic"
    assert _slug(search, "toothpaste cap") == "plastic"
    assert _slug(search, "baseball cap") == "textile"
    assert _slug(search, "beer bottle cap") == "metal"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("기름 묻은 스티로폼 접시", "general"),  # a soil named and smeared on
        ("김치 국물 물든 반찬통", "general"),
        ("pizza box with cheese stuck on it", "general"),
        ("라벨 붙은 페트병", "clear_pet"),  # a label stuck on is no soil
        ("테이프 붙은 상자", "paper"),
        ("음식물 안 묻은 스티로폼", "styrofoam"),
        ("생선 스티로폼 상자", "styrofoam"),  # what it held once is no stain
    ],
)
def test_a_named_soil_with_what_holds_it_on_is_dirt(
    search: ItemSearch, query: str, slug: str
) -> None:
    assert _slug(search, query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("물 먹은 종이 상자", "general"),
        ("rain-soaked newspaper", "general"),
        ("glass bottle with a crack", "general"),
        ("chipped plate", "non_combustible"),
        ("bloated power bank", "hazardous"),
        ("not bloated power bank", "battery"),
    ],
)
def test_more_ways_to_say_wet_broken_and_swollen(search: ItemSearch, query: str, slug: str) -> None:
    assert _slug(search, query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("케이크 플라스틱 받침", "plastic"),  # the base, not the cake
        ("the box my phone came in", "paper"),
        ("the plastic tray from a cookie box", "plastic"),
        ("약 들어있는 약통", "hazardous"),  # the pills are still inside
        ("마스크팩 봉지", "vinyl"),  # laminated film like a snack bag
        ("마스크팩", "general"),
        ("베게", "general"),  # misspelt 베개
        ("귀저기", "general"),
        ("곰국 끓이고 남은 사골", "general"),
    ],
)
def test_packaging_names_and_spellings(search: ItemSearch, query: str, slug: str) -> None:
    assert _slug(search, query) == slug


def test_how_a_thing_wears_is_no_disposal_question(search: ItemSearch) -> None:
    assert search.search("휴대폰 배터리가 빨리 닳아").hits == ()
    assert _slug(search, "다 닳은 건전지") == "battery"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("수박 먹고 남은 껍질", "food"),  # the clause ends at the part: 수박 껍질
        ("귤 까고 남은 껍질", "food"),
        ("옥수수 먹고 남은 심", "general"),  # the cob
        ("약이 반쯤 남은 시럽 병", "hazardous"),  # an adverb of degree stands between
        ("가스가 좀 남은 부탄가스", "metal"),  # vented outdoors, then metal
        ("물약 남은 병", "hazardous"),
        ("야쿠르트 빈병", "plastic"),  # an empty 야쿠르트 bottle, not the deposit 빈병
        ("빈병", "glass"),
        ("양념 자국 남은 김치통", "general"),
        ("양념 자국 없는 반찬통", "plastic"),
        ("빗물 먹은 골판지", "general"),
        ("족발 뼈 음쓰에 넣어도 됨?", "general"),  # the guessed bin and the ending go
        ("케첩 묻은 플라스틱 통은 어떻게 해?", "general"),
        ("hand cream tube", "general"),
    ],
)
def test_clauses_degrees_and_question_endings(search: ItemSearch, query: str, slug: str) -> None:
    assert _slug(search, query) == slug


def test_saying_a_thing_is_slow_asks_nothing(search: ItemSearch) -> None:
    assert search.search("my laptop is slow").hits == ()
    assert _slug(search, "old laptop") == "electronics"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("곰팡이 핀 플라스틱 반찬통", "general"),  # mould is dirt on a recyclable
        ("곰팡이 핀 식빵", "food"),  # ... and still food on food
        ("물에 불은 종이 상자", "general"),
        ("chicken box covered in sauce", "general"),  # the head comes before "in"
        ("can I put eggshells in food waste", "general"),
        ("치킨 소스 컵", "plastic"),
        ("멀티비타민 병 빈 거", "plastic"),  # the bottle, not the pills
        ("fish skeleton", "general"),
        ("테이프 다 뗀 상자는 종이로 버리면 되죠?", "paper"),
    ],
)
def test_mould_prepositions_and_more_endings(search: ItemSearch, query: str, slug: str) -> None:
    assert _slug(search, query) == slug


@pytest.mark.parametrize("query", ["배터리 얼마 남았지", "my phone is dying", "pizza tonight?"])
def test_plans_and_charge_levels_name_nothing_to_throw_away(search: ItemSearch, query: str) -> None:
    assert search.search(query).hits == ()


def test_round_19_names_and_statements(search: ItemSearch) -> None:
    assert _slug(search, "물감 다 쓴 튜브") == "general"
    assert search.search("냉장고 정리 다 했다").hits == ()
    assert search.search("the microwave beeped").hits == ()
    assert _slug(search, "old microwave oven") == "electronics"
