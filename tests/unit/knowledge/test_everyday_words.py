"""Everyday sentences: words that only look like names, errands, "안" meaning inside."""

from __future__ import annotations

import pytest

from ecoeco.knowledge import ItemSearch, load_knowledge
from ecoeco.knowledge.errands import errand
from ecoeco.knowledge.shapes import denied, fronted


@pytest.fixture(scope="module")
def search() -> ItemSearch:
    return ItemSearch(load_knowledge())


def _top(search: ItemSearch, query: str) -> str | None:
    hits = search.search(query).hits
    return hits[0].category.slug if hits else None


@pytest.mark.parametrize(
    "query",
    [
        "우체국 위치",  # 위치 is only the tail of 스위치 and 샌드위치
        "생일 선물 뭐 사지",  # 사지 only the tail of 복사지
        "미세먼지",  # 미세 means nothing here: no kind of 먼지
        "초미세먼지 농도",
    ],
)
def test_the_tail_of_a_longer_word_is_no_evidence(search: ItemSearch, query: str) -> None:
    assert search.search(query).hits == ()


def test_names_and_known_compounds_still_count(search: ItemSearch) -> None:
    assert _top(search, "먼지") == "general"
    assert _top(search, "스위치") == "electronics"
    assert _top(search, "피자박스") in ("paper", "general")
    assert _top(search, "디지털 체온계") == "electronics"  # 체온계 is a word of its own


@pytest.mark.parametrize(
    "query",
    ["가구 추천해줘", "캔디 사고 싶다", "치킨 시켜줘", "가까운 은행", "우산 챙겨야 돼?",
     "내일 비 와?", "best pizza nearby", "recommend a nice restaurant", "라면 끓이는 법",
     "빵 먹고 싶어", "휴대폰 잃어버렸어", "새 신발 샀어", "우산 어디 뒀지", "창문 열어줘",
     "책상 위에 뭐 있어", "i like pizza", "비타민 먹어도 돼", "how to make kimchi",
     "로또 번호 알려줘", "우유 사러 가야지", "휴대폰 충전해야 돼", "컵라면 먹을까?",
     "쓰레기통 옆에 고양이가 있어 귀엽다", "what can you do?"],
)  # fmt: skip
def test_errands_name_things_but_ask_nothing_about_disposal(search: ItemSearch, query: str) -> None:
    assert errand(query.lower().rstrip("?"))
    assert search.search(query).hits == ()


def test_an_errand_that_also_speaks_of_disposal_is_answered(search: ItemSearch) -> None:
    assert not errand("소파 버릴까 새로 살까")
    assert not errand("소파 버리고 싶어")
    assert not errand("where can i drop off batteries near me")
    assert _top(search, "다 마신 캔") == "metal"
    assert _top(search, "폐건전지 수거함 어디 있어") == "battery"
    assert _top(search, "소파 버릴까 새로 살까") == "bulky"
    assert _top(search, "비 맞아 젖은 택배 박스") == "general"  # rain, but no weather question
    assert _top(search, "충전 안 되는 보조배터리") == "battery"  # its state, not charging it
    assert _top(search, "쓰레기통 어떻게 버려요?") is not None  # the bin itself, to throw away
    # Food ordered and eaten is no errand; asking whether it is food waste is about disposal.
    assert not errand("족발 시켜먹은 뼈")
    assert errand("족발 시켜줘")
    assert _top(search, "피자 시켜먹고 남은 상자 음식물인가요") == "paper"
    assert _top(search, "which bin for an empty soda can") == "metal"  # no bin of our own


def test_an_before_a_noun_means_inside(search: ItemSearch) -> None:
    assert not denied(["상자", "안", "뽁뽁이"], 2)
    assert denied(["안", "깨진", "유리병"], 1)
    assert _top(search, "택배 상자 안 뽁뽁이") == "vinyl"
    assert _top(search, "안 깨진 유리병") == "glass"


def test_what_a_container_held_once_is_not_the_answer(search: ItemSearch) -> None:
    assert _top(search, "계란 담겼던 종이판") == "paper"
    assert _top(search, "계란") == "food"


def test_dirt_that_does_not_come_off_sends_a_recyclable_to_the_bag(search: ItemSearch) -> None:
    hit = search.search("양념이 안 지워지는 플라스틱 반찬통").hits[0]
    assert hit.category.slug == "general"
    assert hit.condition is not None
    assert _top(search, "양념 안 묻은 플라스틱 반찬통") == "plastic"
    assert _top(search, "플라스틱 반찬통") == "plastic"


def test_a_stated_material_overrides_what_its_siblings_are_made_of(search: ItemSearch) -> None:
    assert _top(search, "mayonnaise jar") == "glass"
    assert _top(search, "empty mayonnaise jar plastic") != "glass"
    assert _top(search, "rinsed plastic container") == "plastic"  # no aluminium tray


def test_a_name_may_stand_between_a_condition_and_its_denial(search: ItemSearch) -> None:
    assert _top(search, "수은 체온계 아닌 전자 체온계") == "electronics"
    assert _top(search, "디지털 아닌 수은 체온계") == "hazardous"
    assert _top(search, "빵빵해진 배터리") == "hazardous"  # swollen, in everyday words
    assert search.search("깨진 유리 안 다치게 버리는 법").hits[0].condition is None


def test_one_state_said_in_other_words_is_the_same_condition(search: ItemSearch) -> None:
    assert _top(search, "깨져서 조각난 맥주병") == "general"  # 깨진 on the item, 깨져서 typed
    assert _top(search, "a soju bottle that broke") == "general"
    assert _top(search, "oily takeout container") == "general"
    assert _top(search, "pizza box with no oil stains") == "paper"
    assert _top(search, "건전지에서 액이 샜어") == "hazardous"


def test_english_parts_and_packaging_vote_with_the_korean_names(search: ItemSearch) -> None:
    assert _top(search, "ramen packet") == "vinyl"  # like 라면 봉지
    assert _top(search, "melon rind") == "food"  # like 수박 껍질


def test_what_was_done_to_it_stands_aside_between_its_names(search: ItemSearch) -> None:
    assert _top(search, "피자 먹고 남은 박스") == "paper"  # 피자 박스
    assert _top(search, "샴푸 다 쓴 통") == "plastic"
    assert _top(search, "우유 다 마신 팩") == "paper_pack"
    assert _top(search, "수은 없는 체온계") == "electronics"  # a denial never stands aside


def test_paint_left_to_harden_goes_in_the_bag(search: ItemSearch) -> None:
    hit = search.search("굳은 페인트").hits[0]
    assert hit.category.slug == "general"
    assert hit.condition is not None
    assert hit.condition.district_check
    assert _top(search, "안 굳은 페인트") == "hazardous"
    assert _top(search, "남은 페인트") == "hazardous"


def test_a_denied_hazard_in_the_name_takes_the_harmless_reading(search: ItemSearch) -> None:
    hit = search.search("thermometer without mercury").hits[0]
    assert hit.category.slug == "electronics"
    assert hit.unsure is None
    assert _top(search, "수은 안 든 온도계") == "electronics"
    assert search.search("체온계").hits[0].unsure is not None  # still asked, never switched


@pytest.mark.parametrize(
    "query",
    ["의자에 앉아 있어", "소파에 누워서 티비 보는 중", "냉장고에 우유 있어?", "책 읽는 중이야",
     "휴대폰 충전 중", "우리 집 고양이 귀여워", "우리 엄마 요리 잘해", "I'm sitting on a chair",
     "my phone is ringing", "this pizza is delicious", "the bottle is on the table",
     "I ate too much pizza", "can you help me with math", "책상 정리 중",
     "엄마가 김치 보내줬어", "쓰레기 같은 하루였어", "내 휴대폰 배터리 몇 퍼센트야?",
     "what percent is my phone battery"],
)  # fmt: skip
def test_statements_name_things_but_ask_nothing(search: ItemSearch, query: str) -> None:
    assert search.search(query).hits == ()


def test_a_statement_that_speaks_of_disposal_is_answered(search: ItemSearch) -> None:
    assert not errand("의자에 앉아 있어 버려도 돼")
    assert _top(search, "쓰레기 같은 소파 어떻게 버려?") == "bulky"  # a simile, then a question
    assert _top(search, "칫솔 일반 쓰레기야?") == "general"  # a guess, not a simile
    assert _top(search, "배부른 보조배터리") in ("hazardous", "battery")
    assert _top(search, "약이 남아 있는 약병") == "hazardous"


def test_a_trailing_modifier_is_read_before_its_noun(search: ItemSearch) -> None:
    assert fronted(["유리", "깨진", "거"]) == ["깨진", "유리"]
    assert fronted(["배터리", "안", "부푼거"]) == ["안", "부푼", "배터리"]
    assert fronted(["시리얼", "속", "비닐"]) is None  # 비닐 ends in ㄹ but is a noun
    assert fronted(["감자탕", "뼈는"], {"뼈"}) is None  # a noun with its particle
    assert _top(search, "유리 깨진거") == "general"


def test_a_polite_ending_after_a_particle_is_a_particle_too(search: ItemSearch) -> None:
    assert search.search("맥주병 뚜껑은요?").hits[0].item.id == "metal_lid"
    assert search.search("치킨 뼈는요?").hits[0].item.id == "chicken_bone"


def test_paint_soils_paper_like_food_does(search: ItemSearch) -> None:
    assert _top(search, "페인트 묻은 신문지") == "general"
    assert _top(search, "페인트 통") == "hazardous"  # the can of paint is no soiled can


def test_a_modal_can_is_no_can(search: ItemSearch) -> None:
    assert _top(search, "can I recycle a wet pizza box") == "general"
    assert _top(search, "Where do I put potato peels?") == "food"
    assert _top(search, "do you recycle cans") == "metal"


def test_a_guessed_bin_asked_in_the_negative_is_still_a_guess(search: ItemSearch) -> None:
    assert _top(search, "양파 껍질은 음쓰 아니야?") == "general"
    assert _top(search, "수박 껍질 음식물 아니야?") == "food"


# Issue 16's hard cases: each a rule, not a name.
_READINGS = [
    # common misspellings read as the standard word
    ("휴대폰 밧테리", "battery"), ("투명 패트병", "clear_pet"), ("스치로폴 상자", "styrofoam"),
    ("계란 껍대기", "general"), ("알류미늄 캔", "metal"), ("쇼파", "bulky"),
    ("전자렌지", "electronics"), ("냄비 뚜겅", "metal"),
    # what holds for all paper (wet, greasy) and all recyclables (dirty) holds for each
    ("물에 젖은 책", "general"), ("wet pizza box", "general"), ("greasy paper bag", "general"),
    ("기름 묻은 종이 봉투", "general"), ("dirty plastic container", "general"),
    ("안 젖은 책", "paper"), ("clean paper bag", "paper"), ("젖은 종이컵", "paper_pack"),
    # caps and lids are not hats
    ("glass bottle caps", "metal"), ("jar caps", "metal"), ("pizza box lid", "paper"),
    ("pen caps", "general"), ("유리병 뚜껑", "metal"), ("pot lid", "metal"),
    ("일회용 비닐장갑", "vinyl"),
    # a measure of nothing still denies; tape on a box is not the box
    ("기름 한 방울도 안 묻은 종이 박스", "paper"), ("기름 한 점 없는 피자 박스", "paper"),
    ("깨진 데 없는 유리병", "glass"), ("택배 종이 상자 테이프 붙은 거", "paper"),
    ("옥수수 심지", "general"),
    # English packaging is not its contents
    ("pill bottle with pills still inside", "hazardous"), ("empty pill bottle", "plastic"),
    ("약 들어있는 약병", "hazardous"), ("box the medicine came in", "paper"),
    ("yogurt lid foil", "general"), ("aluminum foil", "metal"), ("cookie tin", "metal"),
    ("milk carton cap", "plastic"), ("cereal box liner", "vinyl"),
    ("the bag the bread came in", "vinyl"), ("empty tea tin", "metal"),
    # the tool a deed was done with is not the thing; tape on foam is taken off first
    ("형광펜으로 낙서한 종이", "paper"), ("볼펜으로 쓴 종이", "paper"),
    ("신문지로 싼 깨진 유리", "general"), ("택배 온 스티로폼에 테이프 붙은 거", "styrofoam"),
    ("테이프가 안 떨어지는 스티로폼", "general"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "slug"), _READINGS)
def test_hard_cases_read_as_people_mean_them(search: ItemSearch, query: str, slug: str) -> None:
    assert _top(search, query) == slug
