"""The chat asks when unsure, cites the asked item first, and keeps it in follow-ups."""

from __future__ import annotations

from ecoeco.chat.assistant import Assistant, Turn


async def test_unsure_answers_ask_a_question_naming_candidates(assistant: Assistant) -> None:
    answer = await assistant.answer(Turn("치킨 어떻게 버려?", "", "k"))
    if not answer.sources:
        assert "혹시" in answer.text
        assert answer.context["suggestions"]


async def test_out_of_domain_cites_nothing(assistant: Assistant) -> None:
    for text in ("내일 날씨 어때?", "ㅋㅋㅋ", "asdf", "What's the capital of France?"):
        assert (await assistant.answer(Turn(text, "", "k"))).sources == []


async def test_an_undecided_hazard_is_asked_about(assistant: Assistant) -> None:
    answer = await assistant.answer(Turn("온도계 어떻게 버려?", "", "k"))
    assert answer.sources[0]["category"]["slug"] == "hazardous"
    assert "확인이 필요해요" in answer.text
    sure = await assistant.answer(Turn("수은 체온계 어떻게 버려?", "", "k"))
    assert "확인이 필요해요" not in sure.text


async def test_the_asked_item_is_cited_first_and_kept(assistant: Assistant) -> None:
    first = await assistant.answer(Turn("피자박스 어떻게 버려?", "", "k"))
    assert first.sources[0]["item"]["id"] == "pizza_box"
    follow = await assistant.answer(Turn("기름 묻었으면?", "", "k", previous=first.context))
    assert follow.sources[0]["item"]["id"] == "pizza_box"
    assert follow.sources[0]["category"]["slug"] == "general"
    bottle = await assistant.answer(Turn("소주병", "", "k"))
    broken = await assistant.answer(Turn("그럼 깨진 거면?", "", "k", previous=bottle.context))
    assert broken.sources[0]["item"]["id"] == "soju_bottle"
    assert broken.sources[0]["category"]["slug"] == "general"
    moved = await assistant.answer(Turn("그럼 맥주병은?", "", "k", previous=bottle.context))
    assert moved.sources[0]["item"]["id"] == "beer_bottle"
