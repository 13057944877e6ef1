"""Round 25: contents said to be still inside, dirt on what a material makes a thing, soils
glued after what they came from, the cap of a glass bottle, past tenses typed without their
double final, 되/돼, more question endings, draws that are no tickets, English -oes plurals."""

from __future__ import annotations

import pytest

from ecoeco.knowledge.text import normalize, singular
from tests.unit.knowledge.lexical_top import top_slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        # what is still inside its container is asked about, not the container
        ("잼 남은 유리병", "food"),
        ("오래된 고추장 한 통", "food"),
        ("jam jar with jam left in it", "food"),
        ("old medicine syrup bottle with syrup left", "hazardous"),
        # ... but what was done to it, or what it held once, leaves the container
        ("치킨 먹고 남은 상자", "paper"),
        ("잼 다 먹은 유리병", "glass"),
        ("잼 들어있던 유리병", "glass"),
    ],
)
def test_contents_still_inside_lead(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("플라스틱 그릇", "plastic"),
        ("양념 묻은 플라스틱 그릇", "general"),  # the material makes it plastic, then dirt
        ("고추기름 물든 플라스틱 용기", "general"),  # a soil glued after its source
        ("김칫국물 묻은 반찬통", "general"),
        ("참기름 병", "glass"),  # an oil named is no stain by itself
    ],
)
def test_dirt_on_what_a_material_makes_it(query: str, slug: str) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("박카스 병뚜껑", "metal"),
        ("소주병 초록 병뚜껑", "metal"),
        ("병뚜껑", "plastic"),
        ("소주 페트병 뚜껑", "plastic"),
    ],
)
def test_the_cap_of_a_glass_bottle_is_metal(query: str, slug: str) -> None:
    assert top_slug(query) == slug


def test_past_tenses_and_doe_dwae_are_spelt_the_standard_way() -> None:
    assert normalize("형광등 깨졋어") == "형광등 깨졌어"
    assert normalize("작동 안돼는") == "작동 안되는"
    assert normalize("못쓰게 됀 우산 됬어") == "못쓰게 된 우산 됐어"
    assert normalize("햇반 용기") == "햇반 용기"  # a standard syllable is left alone
    assert top_slug("형광등 깨졋어") == "hazardous"


def test_more_question_endings_and_draws() -> None:
    assert top_slug("계란껍질 음쓰 맞나") == "general"
    assert top_slug("이번 주 로또 당첨 번호") is None
    assert top_slug("로또 번호 알려줘") is None
    assert top_slug("로또 용지") == "general"


def test_english_plurals_in_oes() -> None:
    assert singular("tomatoes") == "tomato"
    assert singular("potatoes") == "potato"
    assert singular("shoes") == "shoe"


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("커피 남은 컵", "plastic"),  # a drink is poured out: the cup is asked about
        ("케첩 내용물 남은 것", "food"),  # 내용물: what was inside the thing named before
        ("당근 꼭지랑 껍질", "food"),  # of two things joined by 랑, the first
        ("쪽파 뿌리랑 흙", "general"),
        ("사랑", None),  # no pair: 사 names nothing
        ("a jar that isn't cracked", "glass"),
        ("plastic jar", "plastic"),
        ("smashed fluorescent bulb", "hazardous"),
        ("박살난 소주병", "general"),
        ("chicken carcass", "general"),
    ],
)
def test_pairs_contents_jars_and_ways_of_breaking(query: str, slug: str | None) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("닭 뼈 음식물로 버리면 안 되지?", "general"),  # the bin guessed in the negative
        ("귤 껍질 일반쓰레기로 버리면 안돼?", "food"),
        ("안 깨진 병", None),  # a denied word is no typo of the name holding it
        ("깨진 병", "general"),
        ("empty bottle of soju", "glass"),  # "X of Y": the Y X
        ("bag of chips empty", "vinyl"),
        ("carton of milk, rinsed", "paper_pack"),
        ("air pods", "electronics"),
        ("비타500", "glass"),
        ("계란껍질 음쓰?", "general"),  # a bare trailing bin guess
        ("약병 유리", "glass"),  # ... but a material last still says what it is made of
        ("컵라면 용기 국물 자국 있는 거", "general"),  # a stain after the thing is no food
        ("커피 원두 알루미늄 봉투", "vinyl"),  # a film laminated with aluminium is a film
    ],
)
def test_guesses_denials_and_containers_of(query: str, slug: str | None) -> None:
    assert top_slug(query) == slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("유리병깨진거", "general"),  # typed without spaces: 유리병 깨진거
        ("치킨박스기름묻음", "general"),
        ("피자박스깨끗함", "paper"),
        ("스티로폼박스는", "styrofoam"),
        ("음식물쓰레기봉투", "food"),  # a name of its own stays whole
        ("메추리알 껍데기 음식물이야?", "general"),  # the guess goes before any split
    ],
)
def test_words_typed_without_spaces(query: str, slug: str | None) -> None:
    assert top_slug(query) == slug
