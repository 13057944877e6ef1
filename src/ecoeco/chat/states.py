"""The state a message says the thing talked about is in: "깨졌으면?", "테이프 붙은 건?",
"씻어도 안 지워지면?", "what if there's cheese stuck on it?", and a thing named with 에
then its state ("참치캔에 기름 남아있으면?")."""

from __future__ import annotations

import re

from ecoeco.knowledge.shapes import MATERIALS
from ecoeco.knowledge.states import SOILS

# "안 깨진 건?", "큰 거는요?", "플라스틱으로 된 거면?": "the one that is ...", said of the
# thing just talked about (a short message whose only noun is 건/거/것)
_THE_ONE_KO = re.compile(
    r"(?:^|\s)(?:건|거|것|걸|거는|거면|건요|거요|거는요|것은|것도|거도)(?=[\s?.!~]|$)"
)
_STATE_KO = re.compile(
    r"(?:았|었|였|졌|웠|왔|뒀|놨|있|없|됐|났|들|붙|묻|남|[어아워여겨]지|깨지|빠지)(?:으?면|는데|거든)"
    r"\s*(?:요|어떡해|어떻게 해)?[?.!]*$"  # "-지면": "안 지워지면", "깨지면" (not 휴지면)
)
_ADVERBS = frozenset(
    {"안", "못", "잘", "다", "좀", "많이", "너무", "아직", "잔뜩", "조금", "살짝", "약간", "꽤"}
)
_STATE_EN = re.compile(
    r"\b(?:there'?s|there is|it has|it's got|still has|with)\b.*\b(?:on|in|inside) (?:it|them)\b"
)
_KEPT_ON_KO = re.compile(r"(?:붙은|붙어\s?있는|달린|달려\s?있는)\s?채")
# "테이프 붙은 건?", "기름 묻은 거는요?": the one with tape on it, of the thing talked about
_THE_ONE_WITH_KO = re.compile(
    r"(?:붙은|붙어\s?있는|묻은|묻어\s?있는|남은|남아\s?있는|든|들어\s?있는|달린|밴)\s?"
    r"(?:건|거|것)(?:은|는|도|요|은요|는요|도요|이면|면)?[\s?.!~]*$"
)


def states_a_condition(text: str) -> bool:
    """Whether a Korean follow-up only says what state the last item is in.

    "테이프 붙어 있으면?", "안에 기름 남았으면?", "깨졌으면?" end in a verb and "if": the
    tape or the oil is what the item has, not a new item ("그럼 소주병이면?" is one).
    """
    if text.isascii():  # "what if there's cheese stuck on it?": cheese is on the item
        return bool(_STATE_EN.search(text.lower()))
    if _KEPT_ON_KO.search(text):  # "테이프 붙은 채로 내도 돼?": the box, tape and all
        return True
    if len(text.split()) <= 4 and _THE_ONE_WITH_KO.search(text.strip()):
        return True
    said = [word for word in text.split() if word not in _ADVERBS]  # "안 지워지면": one verb
    return len(said) <= 3 and bool(_STATE_KO.search(text.strip()))


# "참치캔에 기름 남아있으면?", "김장 비닐에 양념이 잔뜩 묻었는데 어떻게 버려요?": a thing
# with 에, then the state it is in; what is in or on it is its state, not the thing asked
_LOCATED_KO = re.compile(r"^(\S+(?:\s\S+)?)에\s+(\S.*)$")
_ASKS_TAIL_KO = re.compile(r"\s+(?:어떻게|어떡|어디|뭘로|뭐로)\S*(?:\s+\S+){0,2}$")
_NOT_A_THING = ("어디", "여기", "거기", "저기", "이거", "그거", "저거", "안", "속", "위", "밑")


# "there's still some oil in my tuna can", "what if my tuna can still has oil in it?"
_LOCATED_EN = (
    re.compile(
        r"\bthere(?:'s| is) (?:still )?(?:some |a little |a bit of )?(?P<what>[a-z]+(?: [a-z]+)?)"
        r" (?:left |stuck )?(?:in|on|inside) (?:my |the |a |an |this )(?P<thing>[a-z]+(?: [a-z]+)?)"
    ),
    re.compile(
        r"^(?:what if |if |and if )?(?:my |the |a |an |this )?(?P<thing>[a-z]+(?: [a-z]+)?) "
        r"(?:still )?(?:has|with|has got) (?:some |a little |a bit of )?"
        r"(?P<what>[a-z]+(?: [a-z]+)?) (?:left |stuck )?(?:in|on|inside) it\b"
    ),
)


def located_state(text: str) -> tuple[str, str] | None:
    """The thing a Korean question names with 에 and the state it then says it is in
    ("참치캔에 기름 남아있으면?" -> ("참치캔", "기름 남아있으면?")), else None."""
    if text.isascii():
        for pattern in _LOCATED_EN:
            said = pattern.search(text.lower())
            if said:
                return said["thing"], f"there's {said['what']} in it"
        return None
    found = _LOCATED_KO.match(text.strip())
    if found is None or found.group(1).endswith(_NOT_A_THING):
        return None
    thing, rest = found.groups()
    state = _ASKS_TAIL_KO.sub("", rest) or rest
    return (thing, state) if states_a_condition(state) else None


def stated_after(text: str) -> list[tuple[str, str]]:
    """The ways a Korean question can name a thing and then, without 에, the state it is
    in ("컵라면 용기 빨간 국물 배었는데 어떻게 해?" -> ("컵라면 용기", "빨간 국물 배었는데"),
    ("컵라면 용기 빨간", "국물 배었는데")): the state a noun or two and its verb, the
    thing at most three words before it; [] when the question ends in no state."""
    if text.isascii() or "에 " in text:
        return []
    rest = text.strip()
    words = (_ASKS_TAIL_KO.sub("", rest) or rest).split()
    splits = []
    for size in (2, 3):
        thing, state = words[:-size], " ".join(words[-size:])
        if 1 <= len(thing) <= 3 and not thing[-1].endswith(_NOT_A_THING):
            if states_a_condition(state) and not _STATE_KO.search(words[-size]):
                splits.append((" ".join(thing), state))
    return splits


# "씻어도 안 지워지면?": what will not come off is the dirt, unnamed
_NOT_COMING_OFF_KO = re.compile(r"(?:안|못)\s?(?:지워|지우|빠지|빠져|씻기|씻겨|닦이|닦여)")


def implied_soil(text: str) -> str:
    """A Korean follow-up saying something will not come off without naming it, with the
    dirt it means named ("씻어도 안 지워지면?" -> "이물질 씻어도 안 지워지면?"), else
    the text as it is."""
    if text.isascii() or not _NOT_COMING_OFF_KO.search(text):
        return text
    return text if any(soil in text for soil in SOILS) else f"이물질 {text}"


def opens_with_a_state(text: str) -> bool:
    """Whether a Korean message opens with the state of a thing left unnamed ("깨지지
    않았으면 그대로 수거함에?", "기름 묻었는데 종이로 내도 돼?"): its first or second word
    is a verb with "if" or "but", not a noun ("소주병이면", a new item)."""
    words = [word for word in text.split() if word not in _ADVERBS][:2]
    return not text.isascii() and any(_STATE_KO.search(word) for word in words)


def says_material(text: str) -> bool:
    """Whether a message says what something is made of ("뚜껑은 플라스틱인데?", "쇠 뚜껑")."""
    lowered = text.lower()
    return any(word in lowered for word in (*MATERIALS, "쇠", "철"))


def says_the_one(text: str) -> bool:
    """Whether a short Korean message asks about "the one that is …" ("비닐 코팅된 거면?",
    "큰 거는요?"): the thing talked about, in that state."""
    return len(text.split()) <= 4 and bool(_THE_ONE_KO.search(text.lower()))
