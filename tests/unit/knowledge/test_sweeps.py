"""Generated sweeps (tests/eval/sweeps.py) over the lexical item search, with floors.

Each sweep asks whole classes of queries built from the names and the rules:
misspellings, everyday English, packaging versus contents, conditions asserted,
denied and absent. The floors are the figures the search reaches, less a little;
a change that makes a class worse fails here (`python -m tests.eval.sweeps` lists
the wrong answers). Wrong answers are capped separately: "not sure" is honest, a
confident answer in another bin is not.
"""

from __future__ import annotations

import pytest

from ecoeco.knowledge import ItemSearch, KnowledgeBase, load_knowledge
from ecoeco.knowledge.text import without_measure
from tests.eval.sweeps import (
    SWEEPS,
    WRONG,
    Rates,
    deny_en,
    deny_ko,
    deny_ko_long,
    english_gaps,
    run,
    sample,
    typos,
)

SAMPLE = 3000  # of about 15,000 misspellings or 5,600 names: the same sample every run
# sweep: (least share right, most share wrong); measured names 99.9/0.0, typos 99.0/0.6,
# english 99.8/0.0, packaging 93.7/0.4, negation 99.7/0.3 (whole sweeps, lexical)
FLOORS = {
    "names": (0.995, 0.005),
    "typos": (0.975, 0.02),
    "english": (0.99, 0.01),
    "packaging": (0.92, 0.015),
    "negation": (0.99, 0.01),
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="module")
def search(kb: KnowledgeBase) -> ItemSearch:
    return ItemSearch(kb)


@pytest.mark.parametrize("name", list(SWEEPS))
def test_each_sweep_stays_above_its_floor(name: str, kb: KnowledgeBase, search: ItemSearch) -> None:
    probes = SWEEPS[name](kb)
    assert len(probes) >= 500, "a sweep this small measures little"
    rates: Rates = run(search, sample(probes, SAMPLE))
    right, wrong = FLOORS[name]
    shown = "\n".join(f"{p.q!r} -> {got}" for p, got in rates.wrong[:20])
    assert rates.rate("right") >= right, rates.report(name) + "\n" + shown
    assert rates.rate(WRONG) <= wrong, rates.report(name) + "\n" + shown


def test_typos_are_the_kinds_people_make() -> None:
    made = typos("스티로폼 상자")
    assert "스티로퐁 상자" in made["batchim_swap"] or "스티로포 상자" in made["batchim_drop"]
    assert "스티로폼상자" in made["space"]
    assert "스티폼 상자" in made["syllable_drop"]
    assert "스티로폼 쌍자" in made["double"]
    assert typos("배터리")["ae_e"] == ["베터리"]
    assert typos("되새김")["doe_dwae"] == ["돼새김"]
    assert all("뼈" in v for v in typos("생선 뼈")["double"])  # a one-syllable word is kept


def test_denials_are_built_from_the_keyword() -> None:
    assert deny_ko("기름 묻은") == "기름 안 묻은"
    assert deny_ko("깨진") == "안 깨진"
    assert deny_ko("부풀지 않은") is None  # already denied
    assert deny_ko("유리") is None  # a noun: no simple denial
    assert deny_en("broken") == "not broken"
    assert deny_en("not empty") is None
    assert deny_ko_long("기름 묻은") == "기름 묻지 않은"


def test_every_item_has_a_plain_english_name(kb: KnowledgeBase) -> None:
    assert english_gaps(kb) == []


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("케이크 상짜", "paper"),  # the box misspelt is still the box, not the cake
        ("만두 뽕지", "vinyl"),
        ("두부 요기", "plastic"),  # 요기: 용기 joins 두부 into a name, 요가 does not
        ("곡물 껍지", "general"),
        ("전동공구 배토리", "battery"),
        ("a bag of chicken bones", "general"),  # a measure, not a handbag
        ("a bag of leftovers", "food"),
        ("kimchi bag", "vinyl"),  # a bag named by what it held is packaging
        ("instant noodle bag", "vinyl"),
        ("감기약 봉투", "paper"),  # a pharmacy bag, not the medicine
        ("생선 상자", "paper"),  # 상자 is spelt right: no 생선 창자
        ("고추장 한 통", "food"),  # a measure of it
        ("맥주병 병뚜껑", "metal"),
        ("김치봉지", "vinyl"),  # glued as people write it: 김치 봉지
        ("참치", "food"),
        ("unswollen battery", "battery"),  # "un" glued on denies the state
        ("unbroken soju bottle", "glass"),
        ("플라스 용기", "plastic"),  # the front of one long word: 플라스틱, not 글라스
        ("종이 콥라면 용기", "paper_pack"),  # 면 ends a noun here, kept by the correction
        ("우유팩 빨데", "general"),  # a verb-like ending corrected into a name: 우유팩 빨대
        ("후라이 팬", "metal"),  # a name as it stands is not corrected
        ("종이 쌀 포대", "paper"),  # the material stated says what the sack is
        ("유리 요구르트 병", "glass"),
        ("price tag", "general"),  # a name, though "price" sounds like shopping
        ("cable ties", "general"),  # ties, not "ty"
        ("phone cases", "general"),  # cases, not "cas"
        ("fried chicken bag", "vinyl"),  # a bare container word names no contents
        ("old e-cigarette", "electronics"),  # no cigarette butt: a lithium battery inside
    ],
)
def test_classes_the_sweeps_found(search: ItemSearch, query: str, slug: str) -> None:
    hits = search.search(query).hits
    assert hits, query
    assert hits[0].category.slug == slug


@pytest.mark.parametrize(
    "query",
    ["오늘 점심 뭐 먹지", "수학 숙제 도와줘", "지하철 막차 시간", "운동 가기 싫다", "내일 날씨"],
)
def test_everyday_words_are_not_read_as_typos_of_names(search: ItemSearch, query: str) -> None:
    assert search.search(query).hits == ()


def test_a_measure_is_dropped_only_before_what_it_measures() -> None:
    assert without_measure("a bag of chicken bones") == "chicken bones"
    assert without_measure("empty bag of chips") == "empty bag of chips"
    assert without_measure("bag of chips") == "bag of chips"
    assert without_measure("귤 한 봉지") == "귤"
    assert without_measure("한 봉지") == "한 봉지"
    assert without_measure("lots of shells") == "lots of shells"  # an amount some rules read
