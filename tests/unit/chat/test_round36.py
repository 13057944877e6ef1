"""Round 36 in the chat: a part named alone is judged as the part of the item talked
about (a soju bottle's cap is metal), and a follow-up that opens with a state or only
guesses a bin ("깨지지 않았으면 …", "그냥 일반쓰레기?") keeps the item."""

from __future__ import annotations

import pytest

from ecoeco.chat.assistant import Assistant
from ecoeco.chat.focus import names_a_region, opens_with_a_state
from tests.unit.chat.conversation import slugs


@pytest.mark.parametrize(
    ("first", "then", "slug"),
    [
        ("소주병 어떻게 버려요?", "병뚜껑은 따로 버려?", "metal"),  # a soju bottle's cap
        ("생수병 버리는 법 알려줘", "병뚜껑은 따로 버려?", "plastic"),  # a water bottle's
        ("형광등 어디 버려?", "깨지지 않았으면 그대로 수거함에?", "lighting"),  # a state first
        ("보조배터리 버리는 법", "부풀지 않은 건데 그냥 일반쓰레기?", "battery"),  # a bin guess
        ("김장하고 남은 배추 잎", "배추 묶었던 끈은?", "general"),  # the string, not the cabbage
        ("샴푸통 분리수거", "펌프 부분은요?", "general"),  # a component, not a region of it
        ("피자 박스 버리려는데", "기름 묻은 부분은?", "general"),  # a region, by its state
        ("피자 박스 버리려는데", "깨끗한 부분은?", "paper"),
    ],
)
async def test_follow_ups_of_round_36(
    assistant: Assistant, first: str, then: str, slug: str
) -> None:
    assert (await slugs(assistant, first, then))[1] == slug


def test_a_state_opens_a_message_only_as_a_verb() -> None:
    assert opens_with_a_state("깨지지 않았으면 그대로 수거함에?")
    assert opens_with_a_state("기름 묻었는데 종이로 내도 돼?")
    assert not opens_with_a_state("소주병이면 어디에 버려?")
    assert not opens_with_a_state("if it is broken?")


def test_a_part_before_region_words_is_a_component_unless_a_state() -> None:
    assert names_a_region("기름 묻은 부분은?")
    assert names_a_region("부분만 잘라내면?")
    assert not names_a_region("펌프 부분은요?")
    assert not names_a_region("펌프부분은?")
