"""The first cited source is the item asked about, and follow-ups keep it in focus.

Questions written from the public separation guidance (환경부 분리배출 표준지침):
toothbrushes and receipts go in the general bag, clear PET bottles are rinsed with
the label off, a pizza box is paper unless greasy, bottle caps are plastics.
"""

from __future__ import annotations

from typing import Any

import pytest

from ecoeco.core.security.tokens import TokenSigner
from tests.e2e.chat.conftest import person


async def _ask_once(chat_app: Any, signer: TokenSigner, question: str) -> dict[str, Any]:
    """Ask one question in a new conversation."""
    async with chat_app() as running:
        chat = person(running, signer)
        answer: dict[str, Any] = await chat.ask(await chat.new(), question)
        return answer


def _first(answer: dict[str, Any]) -> tuple[str | None, str]:
    source = answer["sources"][0]
    return (source["item"] or {}).get("id"), source["category"]["slug"]


@pytest.mark.parametrize(
    ("question", "item", "opening"),
    [
        # a category word that describes the item is not a guess to confirm or deny
        ("플라스틱 칫솔은 어디에 버려요?", "toothbrush", "칫솔은"),
        ("플라스틱 옷걸이는 어디에?", "hanger_plastic", "플라스틱 옷걸이는"),
        ("비닐 코팅된 종이는 어떻게 버려?", "coated_paper", "코팅된 종이는"),
        ("음식물 묻은 비닐봉지는?", "vinyl_bag", None),
        # a question whether it is that category gets a yes or a no about the item
        ("칫솔은 플라스틱이야?", "toothbrush", "아니요, 칫솔은"),
        ("종이 영수증은 종이로 버려?", "receipt", "아니요, 영수증은"),
        ("이불은 의류수거함에 넣어도 돼?", "blanket", "아니요, 이불은"),
        ("Are eggshells food waste?", "egg_shell", "No"),
        ("is a pizza box paper?", "pizza_box", "Yes"),
        # the bin it guesses is not the item, even when its name is part of the item's
        ("종이 빨대는 종이야?", "paper_straw", "아니요, 종이빨대는"),
        ("Is a glass cup glass?", "drinking_glass", "No"),
        ("Can I put a paper cup with paper?", "paper_cup", "No"),
        ("Can a broken glass go in glass recycling?", "broken_glass", "No"),
    ],
)
async def test_the_asked_item_comes_first_when_the_question_names_a_category(
    chat_app: Any, signer: TokenSigner, question: str, item: str, opening: str | None
) -> None:
    answer = await _ask_once(chat_app, signer, question)
    assert _first(answer)[0] == item, answer["sources"]
    if opening is not None:
        assert answer["text"].startswith(opening), answer["text"]
    else:  # it did not ask whether it is food waste
        assert not answer["text"].startswith(("네,", "아니요,")), answer["text"]


@pytest.mark.parametrize(
    ("question", "item", "category"),
    [
        ("투명 생수병 라벨 떼고 어디에 버려요?", "clear_pet_bottle", "clear_pet"),
        ("뚜껑 뺀 소주병은 어디에 버려?", "soju_bottle", "glass"),
        ("How do I recycle a plastic bottle with the label removed?", "clear_pet_bottle", None),
        ("고양이 모래는 변기에 버려도 돼?", "pet_waste", "general"),  # not the toilet itself
    ],
)
async def test_a_part_taken_off_first_is_not_what_is_asked_about(
    chat_app: Any, signer: TokenSigner, question: str, item: str, category: str | None
) -> None:
    answer = await _ask_once(chat_app, signer, question)
    assert _first(answer)[0] == item, answer["sources"]
    assert category in (None, _first(answer)[1])


@pytest.mark.parametrize(
    ("question", "item", "opening"),
    [
        # a choice between two bins is answered plainly, about the item
        ("종이컵은 종이류랑 종이팩 중에 어디로 가요?", "paper_cup", "종이컵은"),
        ("안마의자는 대형폐기물이야 폐가전이야?", "massage_chair", "안마의자는"),
        ("칫솔은 플라스틱이랑 일반쓰레기 중에 어디예요?", "toothbrush", "칫솔은"),
        # slang and category names people guess with are guesses, not items
        ("기름때 찌든 프라이팬도 고철이야?", "frying_pan", "네, 프라이팬은"),
        ("밤 껍질은 음쓰에 넣으면 안 되나?", "hard_fruit_peel", "아니요, 밤 껍질은"),
        ("전자레인지는 대형 폐기물이야?", "small_kitchen_appliance", "아니요, 전자레인지는"),
        # what it would go with is not what is asked about
        ("두유 멸균팩은 우유팩이랑 같이 버려요?", "tetra_pack", None),
        # the item is named as the question names it, unless the question denies that name
        ("How do I get rid of an old rice cooker?", "small_kitchen_appliance", "The rice cooker"),
        ("딱딱하게 굳은 떡은 어떻게 버려?", "bread_snack", "떡은"),
        ("안 깨진 소주병은 어디에 버려요?", "soju_bottle", "소주병은"),
        # two things named side by side: the first named leads, whichever matches better
        ("귤껍질이랑 양파껍질 중에 음식물은 어느 거야?", "fruit_peel", None),
        ("페트병이랑 플라스틱 반찬통 같이 버려도 돼?", "clear_pet_bottle", None),
        ("택배 상자 안에 들어 있던 뽁뽁이는 어떻게 버려?", "bubble_wrap", None),
    ],
)
async def test_a_choice_a_guess_or_a_companion_leaves_the_item_first(
    chat_app: Any, signer: TokenSigner, question: str, item: str, opening: str | None
) -> None:
    answer = await _ask_once(chat_app, signer, question)
    assert _first(answer)[0] == item, answer["sources"]
    if opening is not None:
        assert answer["text"].startswith(opening), answer["text"]


async def test_thanks_ends_the_topic_and_a_pointer_alone_suggests_nothing(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        carton = await chat.ask(conversation, "우유팩 어떻게 버려요?")
        assert _first(carton)[0] == "milk_carton"
        weather = await chat.ask(conversation, "내일 날씨 어때?")
        assert weather["sources"] == [], weather  # chatter does not continue the topic
        await chat.ask(conversation, "우유팩 어떻게 버려요?")
        thanks = await chat.ask(conversation, "고마워요!")
        assert thanks["sources"] == [], thanks
        assert thanks["text"].startswith("천만에요"), thanks["text"]
        vague = await chat.ask(await chat.new(), "이거 어디에 버려요?")
        assert vague["sources"] == []
        assert "혹시" not in vague["text"], vague["text"]
        tub = await chat.ask(await chat.new(), "통은 어떻게 버려?")
        assert tub["sources"] == [], tub
        named = tub["text"].split("혹시 ", 1)[1].split(" 중 하나", 1)[0].split(", ")
        assert all("통" in name for name in named[:1]), tub["text"]


Turn = tuple[str, str, str | None]  # message, item cited first, its category (None: any)

KOREAN_TALK: list[Turn] = [
    ("페트병 어떻게 버려요?", "clear_pet_bottle", "clear_pet"),
    ("그건 어떻게 씻어요?", "clear_pet_bottle", "clear_pet"),
    ("그럼 뚜껑은?", "bottle_cap_plastic", "plastic"),
    ("이거 씻어야 돼?", "bottle_cap_plastic", "plastic"),
    ("그럼 우유팩은?", "milk_carton", "paper_pack"),  # a named item moves the focus
    ("그건 어떻게 씻어요?", "milk_carton", "paper_pack"),
]
STATE_TALK: list[Turn] = [
    ("스티로폼 상자는?", "styrofoam_box", "styrofoam"),
    ("테이프 붙어 있으면?", "styrofoam_box", None),  # the box with tape on it, not tape
    ("그럼 안에 든 아이스팩은?", "ice_pack", None),
    ("참치캔은?", "food_can", "metal"),
    ("안에 기름 남았으면?", "food_can", None),  # the can with oil left, not cooking oil
    ("그건 씻어야 돼?", "food_can", "metal"),
]
PIZZA_TALK: list[Turn] = [
    ("How do I throw away a pizza box?", "pizza_box", "paper"),
    ("how do I wash it?", "pizza_box", "paper"),
    ("what if it is greasy?", "pizza_box", "general"),
]
BOTTLE_TALK: list[Turn] = [
    ("plastic bottle", "clear_pet_bottle", "clear_pet"),
    ("what about the cap?", "bottle_cap_plastic", "plastic"),  # the bottle's cap, not a hat
    ("and the label?", "pet_label", None),
    ("do I need to rinse it?", "pet_label", None),
]


HANDLING_TALK: list[Turn] = [  # questions that name no item are about the last one
    ("소파 버리려면 어떻게 해요?", "sofa", "bulky"),
    ("얼마 내야 돼?", "sofa", "bulky"),
    ("스티커는 어디서 사요?", "sofa", "bulky"),  # the fee sticker, not sticker paper
    ("우유팩 어떻게 버려요?", "milk_carton", "paper_pack"),
    ("종이랑 같이 내도 돼?", "milk_carton", "paper_pack"),  # a guessed bin is no new item
    ("맥주병은?", "beer_bottle", "glass"),
    ("뚜껑은요?", "metal_lid", "metal"),  # the beer bottle's cap
]
BACK_TALK: list[Turn] = [  # "아까 그거", "the one that is ..."
    ("소주병 어디에 버려요?", "soju_bottle", "glass"),
    ("아까 그거 뚜껑은?", "metal_lid", "metal"),
    ("깨진 형광등 어떻게 해?", "fluorescent_tube", "hazardous"),
    ("안 깨진 건?", "fluorescent_tube", "lighting"),
    ("잼병 어떻게 버려?", "glass_jar", "glass"),
    ("뚜껑은 어디다 버려?", "metal_lid", "metal"),  # a part alone is the jar's, not a new item
    ("유리병 어떻게 버려?", "glass_drink_bottle", "glass"),
    ("그 뚜껑은 어떻게 해?", "metal_lid", "metal"),
    ("피자 박스 어떻게 버려?", "pizza_box", "paper"),
    ("기름 많이 묻었는데?", "pizza_box", "general"),  # its state, not cooking oil
    ("택배 상자 어떻게 버려?", "delivery_box", "paper"),
    ("테이프 붙은 채로 내도 돼?", "delivery_box", "paper"),  # the box, tape and all
    ("Is a pizza box recyclable?", "pizza_box", "paper"),
    ("what if there's cheese stuck on it?", "pizza_box", "general"),  # not the cheese
]


JAR_TALK: list[Turn] = [
    ("How do I recycle a glass jar?", "glass_jar", "glass"),
    ("what about the lid?", "metal_lid", "metal"),  # the jar's lid, not a plastic cap
]


@pytest.mark.parametrize(
    "talk",
    [KOREAN_TALK, STATE_TALK, PIZZA_TALK, BOTTLE_TALK, HANDLING_TALK, JAR_TALK, BACK_TALK],
)
async def test_follow_ups_keep_the_item_in_focus(
    chat_app: Any, signer: TokenSigner, talk: list[Turn]
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        for message, item, category in talk:
            answer = await chat.ask(conversation, message)
            assert _first(answer)[0] == item, (message, answer["sources"])
            assert category in (None, _first(answer)[1]), (message, answer["sources"])
