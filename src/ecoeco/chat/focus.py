"""What a question is about: the category it asks whether, parts set aside, follow-ups.

- "칫솔 **플라스틱이야**?" asks whether the item is a plastic; "**플라스틱** 옷걸이는
  어디에?" and "**음식물** 묻은 용기" name a material or a stain, not a guess to confirm.
- "투명 생수병 **라벨 떼고** 어디에 버려요?" asks about the bottle: the label is set aside.
- "그럼 뚜껑은?", "how do I wash **it**?" continue the conversation about the last item.
"""

from __future__ import annotations

import re

from ecoeco.chat.courtesy import ACKNOWLEDGED, LEADING_THANKS
from ecoeco.chat.courtesy import only_thanks as only_thanks
from ecoeco.chat.courtesy import says_goodbye as says_goodbye
from ecoeco.chat.states import opens_with_a_state as opens_with_a_state
from ecoeco.chat.states import says_the_one as says_the_one
from ecoeco.chat.states import states_a_condition as states_a_condition
from ecoeco.knowledge import Category, KnowledgeBase
from ecoeco.knowledge.text import FINAL_N, syllable_final

FOLLOW_UP_START = re.compile(
    r"^(그럼|그러면|그건|그거|이건|이거|저건|근데|아까|방금|그리고|아 그리고|참 그리고|그 |저 |"
    r"and\b|what about|how about|what if|and if|if it|if the|the\b)"
)
REFERS_BACK = re.compile(
    r"(그거|이거|저거|그건|이건|저건|그것|이것|그걸|이걸)|\b(it|its|it's|them|this|that|these|those)\b"
)
_LEADING_FILLERS = re.compile(
    r"^(?:(?:그럼|그러면|근데|그리고|아까|방금|혹시|그거|그건|이거|이건|저거|저건|그|아|참|"
    r"아하|오호|오|그렇구나|그렇군요|그렇군|넵|네|응|ㅇㅇ|"
    r"and|what about|how about|what if|and if|so)\b[\s,]*)+"
)
_ARTICLES = re.compile(r"\b(?:the|a|an)\b\s*")
# the parts and leftovers of a thing, named without the thing: "뚜껑도 같이 버려도 돼?"
# after a bottle is about that bottle's cap
_PARTS_KO = frozenset(
    {
        "뚜껑", "마개", "병뚜껑", "라벨", "상표", "포장", "포장지", "상자", "박스", "봉지", "용기",
        "케이스", "씨", "씨앗", "껍질", "껍데기", "뼈", "가시", "국물", "내장", "빨대", "스티커",
        "테이프", "손잡이", "받침", "충전기", "리모컨", "전선", "코드", "어댑터", "필터", "끈",
        "스프", "소스", "건더기", "알맹이", "내용물", "안에", "속", "살", "살코기",
    }
)  # fmt: skip
_PARTS_EN = frozenset(
    {
        "lid", "lids", "cap", "caps", "label", "labels", "box", "wrapper", "wrapping", "bag",
        "packaging", "straw", "sticker", "tape", "cord", "charger", "remote", "seeds", "pit",
        "peel", "shell", "shells", "bones", "cork", "contents", "meat", "flesh",
    }
)  # fmt: skip
_REST_KO = frozenset({"남은", "나머지", "남는"})  # "남은 살은?": the rest of the thing
_PARTICLES_KO = (
    "은요", "는요", "도요", "이랑", "랑", "은", "는", "도", "이", "가", "을", "를", "만", "요",
)  # fmt: skip

# "X 떼고", "X를 뺀", "X 제거하고": X is taken off before the rest is thrown away
_REMOVED_KO = re.compile(
    r"(\S+?)(?:을|를|은|는)?\s*(?:(?:꼭|다|먼저|미리|반드시|전부|싹|안)\s+)?"
    r"(?:떼고|뗀|떼어\s?내고|떼어낸|제거하고|제거한|빼고|뺀|벗기고|벗긴|분리하고|분리한|뜯고|뜯어낸|"
    r"떼야|떼어야|제거해야|벗겨야|분리해야|떼도|떼면|제거 ?안 ?해도|말고)(?=[\s?.!,]|$)"
)
_REMOVED_EN = re.compile(
    r"\b(?:without|after removing|after taking off|once i remove|removing)\s+(?:the\s+|its\s+)?"
    r"([a-z]+)|\bwith\s+(?:the\s+|its\s+)?([a-z]+)\s+(?:removed|off|taken off|peeled off)\b|"
    r"\b(?:remove|take off|peel off|peel)\s+(?:the\s+|its\s+)?([a-z]+)\s+(?:from|off)\b"
)

# the names people use for a category when they ask whether something is one
_ALIASES_KO: tuple[tuple[str, str], ...] = (
    ("일반쓰레기", "general"),
    ("일쓰", "general"),
    ("음식물", "food"),
    ("음쓰", "food"),
    ("종량제봉투", "general"),
    ("종량제", "general"),
    ("플라스틱", "plastic"),
    ("비닐", "vinyl"),
    ("유리", "glass"),
    ("캔", "metal"),
    ("스티로폼", "styrofoam"),
    ("종이팩", "paper_pack"),
    ("종이", "paper"),
    ("의류", "textile"),
    ("헌옷", "textile"),
    ("고철", "metal"),
    ("금속", "metal"),
    ("대형폐기물", "bulky"),
    ("가전제품", "electronics"),
    ("폐가전", "electronics"),
    ("소형가전", "electronics"),
    ("전자제품", "electronics"),
    ("유해폐기물", "hazardous"),
    ("불연성", "non_combustible"),
)
_ALIASES_EN: tuple[tuple[str, str], ...] = (
    ("food waste", "food"),
    ("general waste", "general"),
    ("plastic", "plastic"),
    ("plastics", "plastic"),
    ("paper", "paper"),
    ("glass", "glass"),
    ("vinyl", "vinyl"),
    ("styrofoam", "styrofoam"),
)
_SMEARED_KO = ("묻", "뭍", "붙", "눌어붙", "범벅", "배어", "배서", "밴")  # on it: "X에 Y 묻은"
_KIND_KO = ("쓰레기", "류", "수거함", "통", "함", "봉투")  # "음식물쓰레기", "캔류", "의류수거함"
_ASKS_KO = re.compile(
    r"^(?:이야|야|이에요|예요|에요|이예요|인가요|인가|인지|이니|니|이지|이죠|죠|이냐|냐|맞|"
    r"으로|로|에다|에|이라고|라고|이랑|랑|하고|와|과|도)"
)
# what may follow a bare category word that is guessed: "음쓰 맞아?", "종이팩 중에 어디?",
# "음식물 되는 거 있어?"
_THEN_KO = re.compile(
    r"^(?:버려|버리|넣|분리|배출|맞|이야|야|인가|인지|예요|에요|가능|중에|중$|되(?!지)|돼(?!지))"
)
# spaced forms of the category words above ("대형 폐기물", "소형 가전")
_SPACED_KO = re.compile(
    r"(일반|음식물|대형|유해|생활계 유해)\s+(쓰레기|폐기물)|(소형|폐|대형)\s+(가전)|"
    r"(음식물)\s+(봉투|통|수거함)"
)
# "X는 Y랑 같이 버려요?": Y is what X would go with, not what is asked about
_COMPANION_KO = re.compile(
    r"(\S+?)(?:이랑|랑|하고|와|과)\s+(?:같이|함께|섞어서|섞어|한꺼번에)(?=[\s?.!,]|$)"
)
# "X는 변기에 버려도 돼?", "flush it down the toilet": the place it would go, not the item
_PLACE_KO = re.compile(
    r"(?<!\S)(?!어디|여기|거기|저기|아무)(\S+?)(?:에다가|에다|에)\s+"
    r"(?=버려|버리|버릴|넣어|넣으|넣고|부어|붓|흘려|내도|내면|내야)"
)
_PLACE_EN = re.compile(r"\b(?:down|into|in|to)\s+(?:the\s+|a\s+)?(toilet|sink|drain|sewer)\b")
_YES_NO_EN = re.compile(r"^(?:is|are|does|do|can|should|will|would|could)\b")
_THEN_EN = re.compile(r"^(?:\?|$|bins?\b|bag\b|box\b|or\b|right\b|too\b|recycl|collection\b)")


# a question about handling something, with no thing named: "얼마 내야 돼?", "구멍 뚫어야
# 돼?", "무료야?", "how much is it?" (whether it names a thing is the retriever's to say)
_HANDLING = re.compile(
    r"얼마|비용|수수료|무료|유료|무상|신청|스티커|어디|어떻게|어떡|어케|씻|헹구|헹궈|뚫|떼|뜯|"
    r"분리|버려|버리|버릴|내도|내야|넣어|넣으|해야|돼요?\??$|되나|되요|되죠|될까|가능|"
    r"\b(?:how much|free|fee|where|how|do i|should i|can i|need to)\b"
)


def asks_about_handling(text: str) -> bool:
    """Whether a message asks how to handle something (cost, place, steps), named or not."""
    return bool(_HANDLING.search(text.lower()))


def refers_back(text: str) -> bool:
    """Whether the message points back at something said before ("그거", "it")."""
    return bool(REFERS_BACK.search(text.lower()))


def reads_as_follow_up(text: str) -> bool:
    """Whether a message continues the last answer rather than starting a new question."""
    lowered = text.lower().strip()
    if only_thanks(lowered):
        return False
    lowered = LEADING_THANKS.sub("", lowered)  # "고마워요! 그럼 뚜껑은?"
    lowered = ACKNOWLEDGED.sub("", lowered)  # "아 그렇구나 그럼 뚜껑은?"
    if not lowered.strip(" ?!.~,ㅎㅋ"):  # "아 그렇구나", "네 알겠어요": nothing more asked
        return False
    if FOLLOW_UP_START.search(lowered) or refers_back(lowered) or states_a_condition(lowered):
        return True
    if opens_with_a_state(lowered):  # "깨지지 않았으면 그대로 수거함에?"
        return True
    if says_the_one(lowered):
        return True
    return len(without_removed(text).split()) <= 2  # "뼈 말고 살은?": "살은?"


# Bulky waste goes out with a fee sticker (납부필증) bought from the district: after a
# sofa, "스티커는 어디서 사요?" asks about that sticker, not about sticker paper.
_FEE_STICKER = re.compile(r"스티커|납부필증|\bstickers?\b")


def fee_sticker_of(category: str, text: str) -> bool:
    """Whether a message asks about the fee sticker of an item of `category`."""
    return category == "bulky" and bool(_FEE_STICKER.search(text.lower()))


def names_a_part(text: str) -> bool:
    """Whether a message opens with a part or a leftover of a thing, without the thing
    ("뚜껑도 같이 버려도 돼?", "the lid goes where?"): the thing is the one talked about.
    """
    if text.isascii():  # "the lid", "where does the lid go?", not "a pizza box"
        said = [word.strip("?.!~,") for word in text.lower().split()]
        return any(
            word in _PARTS_EN and (i == 0 or said[i - 1] in ("the", "its", "this", "that"))
            for i, word in enumerate(said)
        )
    return bool(named_part(text))


def named_part(text: str) -> str:
    """The part a Korean message opens with, without its particle ("뚜껑도 같이 버려도
    돼?" -> "뚜껑"), else ""."""
    words = [word.strip("?.!~,") for word in core(text).split()]
    if not words or text.isascii():
        return ""
    first = words[1] if len(words) > 1 and words[0] in _REST_KO else words[0]
    stem = next((first[: -len(p)] for p in _PARTICLES_KO if first.endswith(p)), first)
    return first if first in _PARTS_KO else stem if stem in _PARTS_KO else ""


_REGIONS_EN = frozenset({"side", "half", "end"})  # "the clean side?": of the thing talked about


def names_a_region(text: str) -> bool:
    """Whether a follow-up asks about a side or a region of the thing talked about ("안 묻은
    뚜껑 쪽은?", "기름 묻은 부분은?", "the clean side?"): the same thing, not a part of its
    own (the lid side of a pizza box is the box), its conditions read from the message.
    """
    said = ""
    for word in core(text).split():
        word = word.strip("?.!~,")
        stem = next((word[: -len(p)] for p in _PARTICLES_KO if word.endswith(p)), word)
        if stem == "쪽" or word in _REGIONS_EN:
            return True
        if stem.endswith("부분") and _region_of(stem.removesuffix("부분") or said):
            return True
        said = word
    return False


def _region_of(before: str) -> bool:
    """Whether what comes before 부분 picks out a region ("기름 묻은 부분", "깨끗한 부분",
    or nothing): a modifier ending in ㄴ, not a noun naming a component of its own
    ("펌프 부분" is the pump)."""
    return not before or syllable_final(before[-1]) == FINAL_N


def core(text: str) -> str:
    """A follow-up without its opening words and articles: "what about the cap?" -> "cap?"."""
    lowered = _LEADING_FILLERS.sub("", LEADING_THANKS.sub("", text.strip().lower()))
    return _ARTICLES.sub("", lowered).strip() or text


def set_aside(text: str) -> tuple[str, tuple[str, ...]]:
    """The question without the parts it says are taken off (or what it would go with),
    and those parts.

    "투명 생수병 라벨 떼고 어디에 버려요?" -> ("투명 생수병 어디에 버려요?", ("라벨",));
    "멸균팩은 우유팩이랑 같이 버려요?" -> ("멸균팩은 같이 버려요?", ("우유팩",));
    "고양이 모래는 변기에 버려도 돼?" -> ("고양이 모래는 버려도 돼?", ("변기",)).
    """
    removed: list[str] = []

    def take(match: re.Match[str]) -> str:
        removed.append(next(group for group in match.groups() if group))
        return " "

    rest = _REMOVED_KO.sub(take, text)
    rest = _COMPANION_KO.sub(lambda m: f"{take(m)}같이", rest)
    rest = _PLACE_KO.sub(take, rest)
    rest = _REMOVED_EN.sub(take, rest.lower()) if _REMOVED_EN.search(rest.lower()) else rest
    rest = _PLACE_EN.sub(take, rest.lower()) if _PLACE_EN.search(rest.lower()) else rest
    return " ".join(rest.split()), tuple(removed)


def without_removed(text: str) -> str:
    """A Korean follow-up without the part it sets aside ("뼈 말고 살은?" -> "살은?"),
    or as it is when nothing else is left."""
    rest = " ".join(_REMOVED_KO.sub(" ", text).split())
    return rest if rest.strip(" ?!.~") else text


# "X 안에 든 Y", "X에 들어 있던 Y": Y is asked about; X only says where it was
_INSIDE_KO = re.compile(
    r"^\S.*?(?:\s(?:안|속)에?|에)\s+(?:든|들어\s?있는|들어\s?있던|담긴|담겨\s?있는|담겨\s?있던|"
    r"있던|있는)\s+(\S.*)$"
)


def contents_named(text: str) -> str | None:
    """What a question asks about when it names a thing by what holds it.

    "스팸 선물세트 안에 든 플라스틱 틀은?" -> "플라스틱 틀은?"; "약통에 든 약" -> "약".
    """
    found = _INSIDE_KO.match(text.strip())
    return found.group(1) if found else None


# "A랑 B", "A하고 B", "A와/과 B", "A or B": two things named in one question
_JOINED_KO = ("이랑", "랑", "하고", "와", "과", "이나")
_JOINED_EN = re.compile(r"\s(?:and|or|vs\.?|versus)\s")


def two_named(text: str) -> tuple[str, str] | None:
    """The two things a question names side by side, first and second, if it names two.

    "귤껍질이랑 양파껍질 중에 음식물은?" -> ("귤껍질", "양파껍질 중에 음식물은?");
    "are eggshells and tea bags food waste?" -> ("are eggshells", "tea bags food waste?").
    Whether each part names an item is the retriever's to say.
    """
    words = text.split()
    for i, word in enumerate(words[:-1]):
        stem = _joined_stem(word)
        if stem:
            return " ".join([*words[:i], stem]), " ".join(words[i + 1 :])
    found = _JOINED_EN.search(text.lower())
    if found and text.isascii():
        return text[: found.start()], text[found.end() :]
    return None


def _joined_stem(word: str) -> str:
    """The noun of "우유팩이랑", "수박과", "바나나와" (a joining particle), else ""."""
    for particle in _JOINED_KO:
        stem = word[: -len(particle)]
        shortest = 1 if particle == "하고" else 2  # "뼈하고"; not "사과", "파랑"
        if not word.endswith(particle) or len(stem) < shortest or not "가" <= stem[-1] <= "힣":
            continue
        final = (ord(stem[-1]) - 0xAC00) % 28  # the last syllable's closing consonant
        if particle in ("와", "랑") and final:  # "와", "랑" follow a vowel...
            continue
        if particle in ("과", "이랑", "이나") and not final:  # ..."과", "이랑" a consonant
            continue
        return stem
    return ""


def asked_category(kb: KnowledgeBase, text: str) -> Category | None:
    """The category the question asks whether the item belongs to, if it asks that.

    "칫솔은 플라스틱이야?", "종이 영수증은 종이로 버려?", "are eggshells food waste?"
    ask; a category word that modifies a noun ("플라스틱 옷걸이", "유리병은", "음식물
    묻은") or a plain "where does it go" does not.
    """
    guesses, _ = _guesses(kb, text)
    return guesses[0] if len({c.slug for c in guesses}) == 1 else None  # two: a choice


def guessed_bin(kb: KnowledgeBase, text: str) -> tuple[Category, str] | None:
    """The category the question guesses, and the question without its guesses.

    "유리 반찬통은 유리병으로 버려?" -> (glass, "유리 반찬통은 버려?"): what is asked
    about is the container, not a glass bottle. "종이컵은 종이류랑 종이팩 중에 어디?"
    guesses twice; both go, and the first is returned.
    """
    guesses, rest = _guesses(kb, text)
    return (guesses[0], rest) if guesses else None


def _guesses(kb: KnowledgeBase, text: str) -> tuple[list[Category], str]:
    """Every category the question guesses, and the question without them."""
    lowered = _SPACED_KO.sub(lambda m: "".join(g for g in m.groups() if g), text.lower())
    words = lowered.split()
    found: list[Category] = []
    kept: list[str] = []
    for i, word in enumerate(words):
        bare = word.strip(".,!~")
        following = words[i + 1].strip(".,!~") if i + 1 < len(words) else ""
        slug = next(
            (
                slug
                for alias, slug in _ALIASES_KO
                if bare.startswith(alias) and _asks_ko(alias, bare[len(alias) :], following)
            ),
            None,
        )
        if i == 0 and _joined_stem(bare):  # "스티로폼이랑 아이스팩 …": the first thing named
            slug = None
        smeared = any(w.startswith(_SMEARED_KO) for w in words[i + 2 : i + 4])  # "잔뜩 묻은"
        if bare.endswith("에") and smeared:  # "비닐에 음식물 묻으면": soiled vinyl, no bin
            slug = None
        if slug is None or not kb.has_category(slug):
            kept.append(word)
        else:
            found.append(kb.category(slug))
    if found:
        return found, " ".join(kept)
    guess = _guessed_en(kb, lowered)
    return ([guess[0]], guess[1]) if guess else ([], text)


def _guessed_en(kb: KnowledgeBase, lowered: str) -> tuple[Category, str] | None:
    if _YES_NO_EN.search(lowered):
        for alias, slug in _ALIASES_EN:
            for found in re.finditer(rf"\b{alias}\b\s*", lowered):
                if _THEN_EN.search(lowered[found.end() :]) and kb.has_category(slug):
                    rest = lowered[: found.start()] + " " + lowered[found.end() :]
                    return kb.category(slug), " ".join(rest.split()).replace(" ?", "?")
    return None


def _asks_ko(alias: str, rest: str, following: str) -> bool:
    """Whether what follows a category word makes it the thing asked about."""
    rest = rest.rstrip("?")
    kinds = (*_KIND_KO, "병") if alias == "유리" else _KIND_KO  # 유리병: the bin's name
    for _ in range(2):  # "음식물쓰레기통에": 쓰레기, then 통
        kind = next((k for k in kinds if rest.startswith(k)), None)
        if kind is None:
            break
        rest = rest[len(kind) :]
    if rest:
        return bool(_ASKS_KO.search(rest))
    return not following or following == "?" or bool(_THEN_KO.search(following))
