"""The chat asks when unsure, cites the asked item first, and keeps it in follow-ups."""

from __future__ import annotations

from ecoeco.chat.assistant import Assistant, Turn
from tests.unit.chat.conversation import slugs


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


async def test_another_part_of_the_same_thing_follows_it(assistant: Assistant) -> None:
    bones = await assistant.answer(Turn("닭뼈는 음식물이야?", "", "k"))
    assert bones.sources[0]["category"]["slug"] == "general"
    meat = await assistant.answer(Turn("살은?", "", "k", previous=bones.context))
    assert meat.sources[0]["category"]["slug"] == "food"  # the chicken's meat, not a bone
    en = await assistant.answer(Turn("are chicken bones food waste?", "", "k"))
    follow = await assistant.answer(Turn("what about the meat?", "", "k", previous=en.context))
    assert follow.sources[0]["category"]["slug"] == "food"
    cap = await assistant.answer(Turn("뚜껑은?", "", "k", previous=bones.context))
    assert cap.sources[0]["category"]["slug"] != "food"  # no part of a chicken


async def test_a_goodbye_is_answered_as_one(assistant: Assistant) -> None:
    for text in ("잘 가", "잘가요", "안녕히 계세요", "bye bye", "고마워 잘 가"):
        answer = await assistant.answer(Turn(text, "", "k"))
        assert answer.sources == []
        assert "분리배출과 재활용에 관한 질문만" not in answer.text
        assert "안녕하세요" not in answer.text
    thanks = await assistant.answer(Turn("고마워요", "", "k"))
    assert "천만에요" in thanks.text


async def test_an_unnamed_container_is_asked_about(assistant: Assistant) -> None:
    answer = await assistant.answer(Turn("빈 통은 어디다", "", "k"))
    assert answer.sources == []
    assert "혹시" in answer.text  # which container, not "I only answer about waste"
    off = await assistant.answer(Turn("주식 어떻게 사", "", "k"))
    assert "혹시" not in off.text


async def test_a_part_follows_the_name_the_question_used(assistant: Assistant) -> None:
    # 수박, 사과 and 파인애플 are all the item 과일: their parts differ by the name said
    assert await slugs(assistant, "수박 어떻게 버려", "씨는?", "껍질은?") == [
        "food", "food", "food",
    ]  # fmt: skip
    assert await slugs(assistant, "파인애플", "껍질은?") == ["food", "general"]
    assert await slugs(assistant, "복숭아", "씨는?") == ["food", "general"]
    assert await slugs(assistant, "watermelon", "what about the seeds?") == ["food", "food"]
    assert (await slugs(assistant, "수박", "뚜껑은?"))[1] != "food"  # no part of a melon
