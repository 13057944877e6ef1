"""Thanks, acknowledgements and goodbyes: a message that ends or only acknowledges the
conversation ("고마워요!", "오 감사요", "잘 가"), and the ones that open a next question
("아 그렇구나 그럼 뚜껑은?")."""

from __future__ import annotations

import re

# goodbyes: "잘 가", "안녕히 계세요", "see you"
_FAREWELLS = (
    r"잘 ?가|잘 ?있어|잘 ?자|잘 ?지내|안녕히 ?(?:가세요|계세요|주무세요)|안녕히|또 ?봐|"
    r"다음에 ?봐|또 ?만나|바이|빠이|굿나잇|굿밤|bye|bye bye|goodbye|good ?night|see you|see ya"
)
_FAREWELL = re.compile(rf"(?:^|\s)(?:{_FAREWELLS})(?=[\s요~!.,^ㅎㅋ]|$)")
# thanks, an okay or a goodbye, and nothing else: the conversation is done, not continued
_THANKS = re.compile(
    r"^(?:(?:고마워|고맙습니다|고마워요|고마워용|고맙다|감사|감사합니다|감사해요|감사요|감사여|"
    r"감사링|땡큐|ㄱㅅ|ㄳ|ㅇㅋ|ㅇㅋㅇㅋ|오케이|"
    r"알겠어|알겠어요|알겠습니다|알았어|알았어요|잘 ?알겠습니다|좋아요|thanks|thank you|thx|"
    rf"ty|ok|okay|got it|cool|great|수고하세요|{_FAREWELLS})[\s요~!.,^ㅎㅋ]*)+$"
)


LEADING_THANKS = re.compile(
    r"^(?:고마워요|고마워|감사합니다|감사해요|감사요|감사|thanks|thank you|ok|okay|ㅇㅋ)\b"
    r"[\s!.,~ㅎㅋ]*"
)


# "아 그렇구나", "아하", "넵": an acknowledgement before the next question about it
ACKNOWLEDGED = re.compile(
    r"^(?:(?:아|아하|오|오호|그렇구나|그렇군요|그렇군|넵|네|응|ㅇㅇ|알겠어|알겠어요|알았어|알았어요|"
    r"신기하다|신기하네|대박|헐|좋네|좋아요|ah|oh|i see|nice|wow)\b[\s,.!~ㅎㅋ]*)+"
)


def only_thanks(text: str) -> bool:
    """Whether a message only thanks, agrees or says goodbye ("고마워요!", "ㅇㅋ 감사", "오
    감사요": after an acknowledgement too)."""
    lowered = text.strip().lower()
    return bool(_THANKS.match(lowered) or _THANKS.match(ACKNOWLEDGED.sub("", lowered)))


def says_goodbye(text: str) -> bool:
    """Whether a message that only thanks or agrees also says goodbye ("잘 가", "고마워 bye")."""
    return only_thanks(text) and bool(_FAREWELL.search(text.strip().lower()))
