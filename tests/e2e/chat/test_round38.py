"""Round 38 through the chat API: the thing asked about leads, whatever is in or on it.

From the public separation guidance (환경부 분리배출 표준지침) and the food-waste
criteria: a can with oil left in it is a can to rinse (metal), a can's lid is metal, a box
with tape on it is paper with the tape taken off, a cup-noodle container stained by
its soup goes in the general (종량제) bag, vinyl smeared with sauce that will not
wash off goes in the general bag, the flesh of a fish is food waste while its innards
are not, medicine left in a bottle is waste medicine. A how-to about using or cooking a
thing and thanks after an answer cite nothing.
"""

from __future__ import annotations

from typing import Any

from ecoeco.core.security.tokens import TokenSigner
from tests.e2e.chat.conftest import person

CONVERSATIONS: list[tuple[tuple[str, ...], str | None]] = [
    # a thing named with 에, then the state it is in: the thing leads
    (("참치캔에 기름 남아있으면?",), "metal"),
    (("김장 비닐에 양념이 잔뜩 묻었는데",), "general"),
    (("부탄가스에 가스가 아직 남아 있는데 어떻게 버려요?",), "metal"),
    (("there's still some oil in my tuna can, how do I throw it out?",), "metal"),
    (("피자 박스에 치즈 눌어붙었으면?",), "general"),
    # the same without 에: the container named first leads (a cup-noodle container the
    # soup stained red goes in the general bag), unless the whole question names the
    # contents as one thing (chicken bones, ramen soup); medicine stays hazardous
    (("컵라면 용기 빨간 국물 배었는데 어떻게 해?",), "general"),
    (("참치캔 기름 남았는데 어떻게 버려?",), "metal"),
    (("피자 박스 기름 묻었는데 어떻게 버려?",), "general"),
    (("치킨 뼈 남았는데 어떻게 버려?",), "general"),
    (("라면 국물 남았는데 어떻게 해?",), "food"),
    (("약병 물약 남았는데 어떻게 버려?",), "hazardous"),
    # two things joined by 하고, the first named first ("치킨 뼈하고 …")
    (("치킨 뼈하고 남은 치킨 살 어떻게 버려요?",), "general"),
    # a part named alone is that item's part, whatever the rest of the message says
    (("참치캔 어떻게 버려요", "뚜껑도 같이 버려도 돼?"), "metal"),
    # "the one with tape on it" is the box talked about
    (("택배 상자 어떻게 버려?", "테이프 붙은 건?"), "paper"),
    # what will not wash off is the dirt, named or not
    (("배달 음식 플라스틱 용기는 어떻게 버려?", "씻어도 안 지워지면?"), "general"),
    (("김장 비닐에 양념이 잔뜩 묻었는데", "씻어서 양념 다 지웠으면?"), "vinyl"),
    # "X 말고 Y": Y of the thing talked about
    (("복어 내장은 어떻게 버려?", "뼈 말고 살은?"), "food"),
    # medicine left inside leads its bottle
    (("약병 어떻게 버려?", "안에 물약 남았으면?"), "hazardous"),
    # thanks after an acknowledgement, and how-tos that are not about throwing away
    (("맥주병 어디 버려?", "오 감사요"), None),
    (("냉장고 청소하는 방법 알려줘",), None),
    (("김장 김치 맛있게 담그는 법",), None),
    (("고양이 모래 어떤 브랜드가 좋아",), None),
]


async def test_round_38_conversations_cite_the_thing_asked_about(
    chat_app: Any, signer: TokenSigner
) -> None:
    wrong = []
    async with chat_app() as running:
        for messages, slug in CONVERSATIONS:
            chat = person(running, signer)  # one each: creating conversations is rate-limited
            conversation = await chat.new()
            for text in messages:
                answer: dict[str, Any] = await chat.ask(conversation, text)
            sources = answer["sources"]
            got = sources[0]["category"]["slug"] if sources else None
            if got != slug:
                wrong.append((messages, slug, got))
    assert not wrong
