"""Follow-ups that state what the part asked about is made of, or which part of the last
item is meant (issue 16, h16v)."""

from __future__ import annotations

from ecoeco.chat.assistant import Assistant, Turn


async def _slugs(assistant: Assistant, *messages: str) -> list[object]:
    """The category of the first cited source of each answer of one conversation."""
    previous: dict[str, object] = {}
    slugs: list[object] = []
    for text in messages:
        answer = await assistant.answer(Turn(text, "", "k", previous=previous))
        previous = answer.context
        first = answer.sources[0] if answer.sources else {}
        slugs.append(first.get("category", {}).get("slug") if first else None)
    return slugs


async def test_a_part_said_to_be_plastic_is_plastic(assistant: Assistant) -> None:
    bottle, cap = await _slugs(assistant, "유리병 어떻게 버려?", "뚜껑은 플라스틱인데?")
    assert bottle == "glass"
    assert cap == "plastic"  # the user says what the cap is made of


async def test_a_glass_bottle_cap_is_still_metal_when_nothing_is_said(
    assistant: Assistant,
) -> None:
    _, cap = await _slugs(assistant, "유리병 어떻게 버려?", "뚜껑은?")
    assert cap == "metal"


async def test_the_clean_lid_of_a_greasy_pizza_box_is_paper(assistant: Assistant) -> None:
    box, lid = await _slugs(
        assistant, "피자 먹고 박스 남았는데 기름이 묻었어", "안 묻은 뚜껑 쪽은?"
    )
    assert box == "general"
    assert lid == "paper"  # the part of the box with no grease on it
