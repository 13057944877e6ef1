"""Reading what a question is about: a category it asks whether, parts set aside, follow-ups."""

from __future__ import annotations

import pytest

from ecoeco.chat.focus import (
    asked_category,
    asks_about_handling,
    contents_named,
    core,
    guessed_bin,
    names_a_part,
    reads_as_follow_up,
    set_aside,
    states_a_condition,
    two_named,
)
from ecoeco.knowledge import load_knowledge


@pytest.mark.parametrize(
    ("question", "slug"),
    [
        ("칫솔은 플라스틱이야?", "plastic"),
        ("칫솔 플라스틱?", "plastic"),
        ("종이컵은 일반 쓰레기야?", "general"),
        ("귤 껍질 음식물 쓰레기 맞아?", "food"),
        ("영수증 종이로 분리수거 되나요", "paper"),
        ("우유팩은 종이랑 같이 버려도 돼?", "paper"),
        ("스티로폼은 플라스틱류야?", "plastic"),
        ("종량제봉투에 버려?", "general"),
        ("이불은 의류수거함에 넣어도 돼?", "textile"),
        ("컵라면 용기는 스티로폼이야?", "styrofoam"),
        ("멸균팩은 종이팩이야?", "paper_pack"),
        ("can a broken glass go in glass recycling?", "glass"),
        ("Are eggshells food waste?", "food"),
        ("is a pizza box paper?", "paper"),
        ("유리 반찬통은 유리병으로 버려?", "glass"),
        # a category word describing the item, a stain, or a plain "where"
        ("플라스틱 칫솔은 어디에?", None),
        ("플라스틱 옷걸이는 어디에?", None),
        ("유리병 어떻게 버려?", None),
        ("유리병은?", None),
        ("알루미늄 캔은?", None),
        ("캔들은 어떻게 버려?", None),
        ("음식물 묻은 플라스틱 용기는?", None),
        ("비닐 코팅된 종이는?", None),
        ("음식물 쓰레기 봉투는 어디에?", None),
        ("is a paper cup recyclable?", None),
        # guesses in the words people use, and choices between two bins (no yes or no)
        ("계란 껍질 음쓰야?", "food"),
        ("프라이팬도 고철이야?", "metal"),
        ("소파는 대형 폐기물이야?", "bulky"),
        ("안마의자는 대형폐기물이야 폐가전이야?", None),
        ("종이컵은 종이류랑 종이팩 중에 어디로 가요?", None),
        ("유리 돼지 저금통은?", None),
        ("where does the food waste bag go?", None),
    ],
)
def test_a_category_counts_as_asked_only_when_the_question_asks_it(
    question: str, slug: str | None
) -> None:
    found = asked_category(load_knowledge(), question)
    assert (found.slug if found else None) == slug


@pytest.mark.parametrize(
    ("question", "rest", "parts"),
    [
        ("투명 생수병 라벨 떼고 어디에 버려요?", "투명 생수병 어디에 버려요?", ("라벨",)),
        ("라벨을 뗀 페트병", "페트병", ("라벨",)),
        ("뚜껑 빼고 소주병은?", "소주병은?", ("뚜껑",)),
        ("페트병 라벨 꼭 떼야 돼?", "페트병 돼?", ("라벨",)),  # asks about the bottle
        ("라벨 안 떼도 돼?", "돼?", ("라벨",)),
        ("a bottle with the label removed", "a bottle", ("label",)),
        ("do I remove labels from bottles?", "do i bottles?", ("labels",)),
        ("페트병 어떻게 버려요?", "페트병 어떻게 버려요?", ()),
        # the place it would be put is not the item either ("어디에" asks, it names none)
        ("고양이 모래는 변기에 버려도 돼?", "고양이 모래는 버려도 돼?", ("변기",)),
        ("식용유 하수구에 부어도 돼?", "식용유 부어도 돼?", ("하수구",)),
        ("can I flush cat litter down the toilet?", "can i flush cat litter ?", ("toilet",)),
    ],
)
def test_parts_taken_off_are_set_aside(question: str, rest: str, parts: tuple[str, ...]) -> None:
    assert set_aside(question) == (rest, parts)


@pytest.mark.parametrize(
    ("message", "follows"),
    [
        ("그럼 뚜껑은?", True),
        ("뚜껑은요?", True),
        ("이거 씻어야 돼?", True),
        ("씻어야 돼 그거?", True),
        ("how do I wash it?", True),
        ("what about the cap?", True),
        ("소주병은 어떻게 버려요?", False),
        ("how do I throw away a pizza box?", False),
        ("고마워요!", False),  # thanks ends the topic
        ("ㅇㅋ 감사합니다~", False),
        ("thanks!", False),
        ("고마워요! 그럼 뚜껑은?", True),
        # "the one that is ...", said of the last thing, and "아까 그거"
        ("안 깨진 건?", True),
        ("큰 거는 어떻게 해?", True),
        ("아까 그거 뚜껑은?", True),
        ("아 그렇구나 그럼 뚜껑은?", True),
        ("아 그렇구나", False),  # an acknowledgement asks nothing more
        ("네 알겠어요", False),
        ("건전지는 어디에 버려요?", False),
        ("다 쓴 부탄가스 어떻게 버려요?", False),
    ],
)
def test_follow_ups_are_recognised(message: str, follows: bool) -> None:
    assert reads_as_follow_up(message) is follows


@pytest.mark.parametrize(
    ("message", "part"),
    [
        ("뚜껑도 같이 버려도 돼?", True),
        ("라벨은 어디에 버려요?", True),
        ("where does the lid go?", True),
        ("피자 박스는 어떻게 버려?", False),  # the box of a pizza, named
        ("where do I put a pizza box?", False),
        ("소주병 어디에 버려요?", False),
    ],
)
def test_a_part_named_alone_is_told_from_a_thing(message: str, part: bool) -> None:
    assert names_a_part(message) is part


@pytest.mark.parametrize(
    ("question", "contents"),
    [
        ("스팸 선물세트 안에 든 플라스틱 틀은?", "플라스틱 틀은?"),
        ("택배 상자 안에 들어 있던 뽁뽁이는?", "뽁뽁이는?"),
        ("약통에 든 약", "약"),
        ("수은 들어간 체온계", None),  # what it holds says what it is
        ("물만 든 아이스팩", None),
    ],
)
def test_a_thing_named_by_what_held_it_is_the_thing(question: str, contents: str | None) -> None:
    assert contents_named(question) == contents


def test_a_follow_up_core_drops_its_opening_words() -> None:
    assert core("what about the cap?") == "cap?"
    assert core("And the label?") == "label?"
    assert core("그럼 뚜껑은?") == "뚜껑은?"
    assert core("아까 그거 뚜껑은?") == "뚜껑은?"
    assert core("아 그리고 스프레이 통도?") == "스프레이 통도?"
    assert core("아이스팩은?") == "아이스팩은?"  # a name that starts like a filler stays


@pytest.mark.parametrize(
    ("question", "pair"),
    [
        ("귤껍질이랑 양파껍질 중에 음식물은?", ("귤껍질", "양파껍질 중에 음식물은?")),
        ("페트병이랑 반찬통 같이 버려도 돼?", ("페트병", "반찬통 같이 버려도 돼?")),
        ("바나나랑 수박 껍질", ("바나나", "수박 껍질")),
        ("수박과 참외", ("수박", "참외")),
        ("닭뼈하고 생선 뼈", ("닭뼈", "생선 뼈")),
        ("소주병이나 맥주병은?", ("소주병", "맥주병은?")),
        ("are eggshells and tea bags food waste?", ("are eggshells", "tea bags food waste?")),
        # a name that ends like a particle is one name ("사과", "종이" + "랑")
        ("사과 껍질 음식물이야?", None),
        ("종이랑", None),
        ("소주병 어디에 버려요?", None),
    ],
)
def test_two_things_named_side_by_side_are_split(
    question: str, pair: tuple[str, str] | None
) -> None:
    assert two_named(question) == pair


def test_the_guessed_bin_is_taken_out_of_the_question() -> None:
    kb = load_knowledge()
    assert guessed_bin(kb, "유리 반찬통은 유리병으로 버려?") == (
        kb.category("glass"),
        "유리 반찬통은 버려?",
    )
    assert guessed_bin(kb, "Is a glass cup glass?") == (kb.category("glass"), "is a glass cup?")
    assert guessed_bin(kb, "유리병 어떻게 버려?") is None
    assert guessed_bin(kb, "종이컵은 종이류랑 종이팩 중에 어디로 가요?") == (
        kb.category("paper"),
        "종이컵은 중에 어디로 가요?",
    )


def test_a_bin_word_named_first_of_two_is_a_thing_not_a_guess() -> None:
    kb = load_knowledge()
    assert guessed_bin(kb, "스티로폼이랑 아이스팩 같이 버려도 돼?") is None
    assert guessed_bin(kb, "우유팩은 종이랑 같이 버려도 돼?") == (
        kb.category("paper"),
        "우유팩은 같이 버려도 돼?",
    )


def test_the_bin_named_as_a_place_is_a_guess() -> None:
    kb = load_knowledge()
    found = guessed_bin(kb, "바지락 껍데기 음식물 쓰레기통에 넣으면 안 돼?")
    assert found is not None
    assert found[0].slug == "food"
    found = guessed_bin(kb, "닭뼈 음식물 봉투에 넣어도 돼?")
    assert found is not None
    assert found[0].slug == "food"


def test_what_an_item_would_go_with_is_set_aside() -> None:
    assert set_aside("두유 멸균팩은 우유팩이랑 같이 버려요?") == (
        "두유 멸균팩은 같이 버려요?",
        ("우유팩",),
    )


@pytest.mark.parametrize(
    ("message", "states"),
    [
        ("테이프 붙어 있으면?", True),
        ("안에 기름 남았으면?", True),
        ("깨졌으면?", True),
        ("젖었으면 어떡해?", True),
        ("빨간 양념이 안 지워지면?", True),  # a stain that will not come off
        ("찢어지면?", True),
        ("휴지면?", False),  # a new item: 휴지 is a noun, not a "-지면" verb
        ("그럼 소주병이면?", False),  # a new item, not a state
        ("깨진 유리는 어떻게 하면?", False),
        ("기름 묻은 피자 박스가 있으면?", False),  # a whole new question
        ("기름 많이 묻었는데?", True),
        ("테이프 붙은 채로 내도 돼?", True),
        ("what if there's cheese stuck on it?", True),
        ("what about the lid on it?", False),  # a part of it
    ],
)
def test_a_state_of_the_last_item_is_told_from_a_new_item(message: str, states: bool) -> None:
    assert states_a_condition(message) is states


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        ("얼마 내야 돼?", True),
        ("구멍 뚫어야 돼?", True),
        ("종이랑 같이 내도 돼?", True),
        ("무료야?", True),
        ("how much is it?", True),
        ("내일 날씨 어때?", False),
        ("오늘 택배 언제 와?", False),
        ("고마워요", False),
    ],
)
def test_a_question_about_handling_is_told_from_chatter(message: str, asks: bool) -> None:
    assert asks_about_handling(message) is asks
