"""Round 33 in the chat: another part named after a compound name (치킨 뼈 then 남은 살),
soft seeds after a melon's peel, a recyclable with food on it, and steps that belong to the
item asked about."""

from __future__ import annotations

from ecoeco.chat.assistant import Assistant, Turn


async def _conversation(assistant: Assistant, *messages: str) -> list[dict[str, object]]:
    """The answers to each message of one conversation, as (first source, text)."""
    previous: dict[str, object] = {}
    answers: list[dict[str, object]] = []
    for text in messages:
        answer = await assistant.answer(Turn(text, "", "k", previous=previous))
        previous = answer.context
        first = answer.sources[0] if answer.sources else {}
        answers.append({"source": first, "text": answer.text})
    return answers


def _slug(answer: dict[str, object]) -> object:
    source = answer["source"]
    assert isinstance(source, dict)
    return source.get("category", {}).get("slug")


async def test_the_meat_after_chicken_bones_is_food(assistant: Assistant) -> None:
    bones, meat = await _conversation(assistant, "치킨 뼈는 음식물이야?", "그럼 남은 살은?")
    assert _slug(bones) == "general"
    assert _slug(meat) == "food"


async def test_soft_seeds_after_a_melon_peel_are_food(assistant: Assistant) -> None:
    peel, seeds = await _conversation(assistant, "참외 껍질은 어디에 버려?", "씨는?")
    assert _slug(seeds) == "food"
    assert "수박" not in str(seeds["text"])  # the steps of the melon asked about


async def test_vinyl_with_food_on_it_is_the_vinyl(assistant: Assistant) -> None:
    (answer,) = await _conversation(assistant, "비닐에 음식물 묻으면 어떻게 해?")
    assert _slug(answer) == "general"


async def test_a_battery_answer_quotes_no_medicine_steps(assistant: Assistant) -> None:
    _, swollen = await _conversation(
        assistant, "보조배터리 버리려는데 어디로 가져가?", "부풀어 있으면 어떡해요"
    )
    assert "의약품" not in str(swollen["text"])


async def test_the_lid_after_a_glass_jar_is_the_jar_s_lid(assistant: Assistant) -> None:
    # a container is no part to take off the name: 유리병 then 뚜껑 is no 유리 뚜껑
    _, lid = await _conversation(assistant, "유리병 어떻게 버려?", "그 뚜껑은 어떻게 해?")
    assert _slug(lid) == "metal"
