"""Round 38's readings of a message (pure functions; the conversations are asked through
the chat API in tests/e2e/chat/test_round38.py)."""

from __future__ import annotations

from ecoeco.chat.courtesy import only_thanks
from ecoeco.chat.focus import named_part, reads_as_follow_up, two_named, without_removed
from ecoeco.chat.states import implied_soil, located_state, states_a_condition


def test_a_thing_with_its_state_is_read_apart() -> None:
    assert located_state("참치캔에 기름 남아있으면?") == ("참치캔", "기름 남아있으면?")
    assert located_state("김장 비닐에 양념이 잔뜩 묻었는데 어떻게 버려요?") == (
        "김장 비닐",
        "양념이 잔뜩 묻었는데",
    )
    assert located_state("참치캔은 어디에 버려요?") is None  # no state
    assert located_state("어디에 기름 묻으면?") is None  # no thing
    assert located_state("there's still some oil in my tuna can, how do I throw it out?") == (
        "tuna can",
        "there's oil in it",
    )
    assert located_state("what if my tuna can still has oil in it?") == (
        "tuna can",
        "there's oil in it",
    )
    assert located_state("oil left in a can?") is None


def test_the_one_with_something_on_it_is_a_state() -> None:
    assert states_a_condition("테이프 붙은 건?")
    assert states_a_condition("기름 묻은 거는요?")
    assert states_a_condition("씻어서 양념 다 지웠으면?")
    assert not states_a_condition("테이프는?")


def test_what_will_not_come_off_is_the_dirt() -> None:
    assert implied_soil("씻어도 안 지워지면?") == "이물질 씻어도 안 지워지면?"
    assert implied_soil("양념이 안 지워지면?") == "양념이 안 지워지면?"
    assert implied_soil("깨졌으면?") == "깨졌으면?"


def test_a_part_set_aside_leaves_the_part_asked() -> None:
    assert without_removed("뼈 말고 살은?") == "살은?"
    assert reads_as_follow_up("뼈 말고 살은?")
    assert named_part("뚜껑도 같이 버려도 돼?") == "뚜껑"
    assert named_part("소주병은?") == ""


def test_thanks_after_an_acknowledgement_only_thanks() -> None:
    assert only_thanks("오 감사요")
    assert only_thanks("아하 고마워용")
    assert not only_thanks("아 그렇구나")
    assert not reads_as_follow_up("오 감사요")


def test_two_things_joined_by_hago_may_be_one_syllable() -> None:
    assert two_named("치킨 뼈하고 남은 치킨 살 어떻게 버려요?") == (
        "치킨 뼈",
        "남은 치킨 살 어떻게 버려요?",
    )
    assert two_named("사과 어떻게 버려?") is None
