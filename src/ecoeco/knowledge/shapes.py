"""The shape of a query: which word names the thing, and which only its part, its remains,
its material, its container, or a clause about something else (bins a question guesses
are in `guesses`, words typed without spaces in `spacing`).
"""

from __future__ import annotations

from collections.abc import Container

from ecoeco.knowledge.analogy import part_of
from ecoeco.knowledge.states import SOIL_SMEARS, SOILS
from ecoeco.knowledge.text import FINAL_N, FINAL_RIEUL, syllable_final

PARTICLES = (
    "은", "는", "이", "가", "을", "를", "도", "랑", "이랑", "에", "에서", "만", "과", "와", "로",
    "으로", "야", "이야", "인가요", "예요", "이에요", "인데", "이랑은", "이면", "면",
    "은요", "는요",  # "뚜껑은요?": a polite ending after the particle
)  # fmt: skip


# Stuck in or on it: "스테이플러 박힌 종이", "테이프 붙은 종이", "접착제 묻은 종이".
_ATTACHED = (
    "박힌", "박혀", "꽂힌", "끼인", "끼워진", "달린", "감긴", "붙은", "붙어", "묻은", "묻어", "밴",
    "배인", "범벅",
)  # fmt: skip
_CLAUSE_VERBS = (
    "안", "못", "없", "묻", "밴", "든", "들어", "범벅", "투성이", "가득", "떼", "뗀", "벗긴",
    "벗겨", "제거", "사야", "사서", "붙여", "붙이", "붙은", "붙어", "자국", "얼룩", "뺀", "빼낸",
)  # fmt: skip
PREPOSITIONS = frozenset({"of", "from", "for", "with", "without", "that", "which", "in", "on"})
# Words naming a part or the remains of the thing named before them: "냉장고 문짝" is a
# fridge, "김치찌개 찌꺼기" the stew, "거울 깨진 조각" a mirror.
PARTS = frozenset(
    {
        "문", "문짝", "선반", "서랍", "손잡이", "다리", "바퀴", "부품", "날개", "본체",
        "프레임", "찌꺼기", "건더기", "부스러기", "남은거", "조각", "파편", "알맹이", "속살",
        "덩어리", "내용물", "자투리", "door", "shelf", "drawer", "handle", "leg", "wheel", "part",
        "frame", "piece", "shard", "fragment",
    }
)  # fmt: skip
# A material as the last word says what the thing before it is made of ("약병 유리").
MATERIALS = frozenset(
    {
        "유리", "플라스틱", "종이", "스티로폼", "금속", "알루미늄", "스텐", "스테인리스",
        "도자기", "나무", "glass", "plastic", "paper", "metal", "aluminum", "aluminium", "steel",
        "ceramic", "wooden", "foil", "styrofoam", "foam", "polystyrene",
    }
)  # fmt: skip
# The category a material word says a container belongs to: "mayonnaise jar plastic" is no
# glass jar, whatever its siblings are made of.
MADE_OF = {
    "유리": "glass", "glass": "glass", "플라스틱": "plastic", "plastic": "plastic",
    "종이": "paper", "paper": "paper", "알루미늄": "metal", "aluminum": "metal",
    "aluminium": "metal", "스텐": "metal", "스테인리스": "metal", "금속": "metal", "metal": "metal",
    "steel": "metal", "스티로폼": "styrofoam", "styrofoam": "styrofoam", "foam": "styrofoam",
    "polystyrene": "styrofoam",
}  # fmt: skip
CONTAINERS = frozenset(
    {
        "병", "통", "캔", "팩", "곽", "봉지", "봉투", "용기", "상자", "박스", "뚜껑", "컵", "포장",
        "포장지", "케이스", "트레이", "받침", "라벨", "튜브", "bottle", "can", "box", "jar", "bag",
        "lid", "container", "wrapper", "carton", "tub", "tube", "packet", "case", "tray", "label",
        "cap", "pouch", "cup", "판",
    }
)  # fmt: skip
CONTENTS = frozenset({"food", "hazardous"})  # what a container holds, not the container
STILL_INSIDE = ("남은", "남아", "든", "들어", "차있", "가득")  # "페인트가 남은 통": it is inside
PAST = ("던",)  # "들어있던", "담겼던": it was inside once, so the container is empty now
NEGATORS = frozenset({"안", "못", "not", "non", "never"})  # before a name, they deny it
# "수은 들어간 체온계"; "계란 담겼던 판" (what it held once) is a 계란판.
LINKING = frozenset(
    {"들어간", "들어있는", "든", "담긴", "담겼던", "들어있던", "담겨있던", "담았던", "들었던"}
)
_DENIALS = ("없", "않", "아닌", "아니", "말고", "안", "못")
THINGS = frozenset({"거", "것", "꺼", "건", "게"})  # "빈 거": the one, no name of anything
# words that point at a thing without naming it ("이거 어디에 버려요?", "that one")
POINTERS = frozenset(
    {"이거", "그거", "저거", "이것", "그것", "저것", "이건", "그건", "저건", "얘", "걔",
     "it", "this", "that", "thing", "stuff", *THINGS}
)  # fmt: skip
EMPTY = frozenset({"빈", "empty", "emptied"})  # "빈 병" is a name; "물약 빈 병" a 물약병


def forms(word: str) -> list[str]:
    """The word, then the word without a trailing particle ("통은" -> "통")."""
    forms = [word]
    if not word.isascii():
        for particle in PARTICLES:
            stem = word[: -len(particle)]
            if word.endswith(particle) and stem:
                forms.append(stem)
    return forms


def container(word: str) -> bool:
    """Whether a word names a container or wrapping ("병", "봉지", "bottle", "lid"), also
    with its material glued on ("종이판", "플라스틱통").
    """
    return any(form in CONTAINERS or unglued(form) != form for form in forms(word))


def unglued(word: str) -> str:
    """A container word without the material glued to its front: "종이판" -> "판"."""
    for material in MATERIALS:
        rest = word[len(material) :]
        if word.startswith(material) and rest in CONTAINERS and not material.isascii():
            return rest
    return word


def generic(words: list[str], index: int) -> bool:
    """Whether word `index` names only a part or the remains ("문짝", "찌꺼기"), or is a
    material ending the query ("유리"; "딸기 스티로폼 팩" is a foam tray, not a strawberry),
    which defers only to a name right before it ("스테이플러 박힌 종이" is paper).
    """
    shapes = forms(words[index])
    return any(f in PARTS for f in shapes) or (
        index == len(words) - 1 and any(f in MATERIALS for f in shapes)
    )


def modifier(words: list[str], index: int) -> bool:
    """Whether word `index` is the object of a clause ("기름 안 묻은 것") or the tool it
    was done with ("형광펜으로 낙서한 종이", "신문지로 싼 유리"), not the head.
    """
    if index + 1 >= len(words):
        return False
    after = words[index + 1]
    return after.startswith(_CLAUSE_VERBS) or (_instrument(words[index]) and _adnominal(after))


def _instrument(word: str) -> bool:
    """A noun marked as the means of a deed: "형광펜으로", "칼로" (not "도로", a name)."""
    stem = word.removesuffix("으로") if word.endswith("으로") else word.removesuffix("로")
    return len(stem) >= 2 and stem != word


def droppable(words: list[str], names: Container[str] = frozenset()) -> list[str]:
    """The words once "빈/empty", a linking "들어간/든" (not denied: "수은 안 들어간"), a
    clause inside a name ("컵라면 국물 묻은 용기": 컵라면 용기) and a trailing "거/것" go,
    and a container word that is no name loses its material ("계란 담겼던 종이판": 계란 판).
    """
    end = len(words)
    while end > 1 and words[end - 1] in THINGS:
        end -= 1
    inner: set[int] = set()
    for index in range(1, end - 2):
        if modifier(words, index) and not words[index].startswith(_CLAUSE_VERBS):
            last = index + 1
            while last + 1 < end - 1 and words[last + 1].startswith(_CLAUSE_VERBS):
                last += 1
            clause = words[index + 1 : last + 1]
            if not any(w in NEGATORS or w.startswith(_DENIALS) for w in clause):
                inner.update(range(index, last + 1))  # "깨진 데 없는 유리병" keeps its denial
    run: list[int] = []  # "피자 먹고 남은 박스", "샴푸 다 쓴 통": what was done to it
    for index in range(1, end - 1):
        # "스테이플러 박힌 종이": what is stuck in a material is no name of that material.
        holds = words[index].startswith(_ATTACHED) and words[end - 1] in MATERIALS
        # "샴푸 다 쓴 통은 어디다": a container after what was done to it ends the run
        ends = bool(run) and _container(words[index])
        if _verbal(words[index]) and words[index] not in names and not holds and not ends:
            run.append(index)
            after = words[index + 1] if index + 1 < end else ""
            # "수박 먹고 남은 껍질": a name or a part ends the run, though 껍질 ends in ㄹ
            noun = after in names or part_of(after) is not None or _container(after)
            done = bool(after) and (noun or not _verbal(after))
            if done and _adnominal(words[index]) and words[run[0] - 1] not in NEGATORS:
                inner.update(run)
                if _instrument(words[run[0] - 1]):  # "형광펜으로 낙서한 종이": not the pen
                    inner.add(run[0] - 1)
        else:
            run = []
    # "크림 유리 용기", "케이크 플라스틱 받침": a material between the words of a name says
    # what it is made of (its conditions read it from the whole query).
    inner.update(n for n in range(1, end - 1) if words[n] in MATERIALS and words[n] not in names)
    return [
        w[1:] if n and _glued_empty(w) else w if w in names else unglued(w)
        for n, w in enumerate(words[:end])
        if n not in inner
        and w not in EMPTY
        and not (w in LINKING and (n == 0 or words[n - 1] not in NEGATORS))
    ]


def _glued_empty(word: str) -> bool:
    """ "빈병", "빈통" after a name: an empty container of it ("야쿠르트 빈병": 야쿠르트 병)."""
    return len(word) > 1 and word[0] == "빈" and word[1:] in CONTAINERS


# Last syllables of a verb or adjective before a noun ("깨진", "부푼", "남은", "쓴"): a
# noun may end in ㄴ/ㄹ too ("비닐", "뼈는"), so only these count as a trailing modifier.
_MODIFIER_ENDS = frozenset("진된난은는던쓴푼간한운른린친든긴인찐센빈")


def fronted(
    words: list[str], nouns: Container[str] = frozenset(), names: Container[str] = frozenset()
) -> list[str] | None:
    """The query with a trailing modifier put back before the noun: "유리 깨진 거" is "깨진
    유리", "안 부푼거" "안 부푼", "병 라벨 붙은(뗀) 거" "라벨 붙은(뗀) 병" (what is stuck on or
    taken off goes with it); None when nothing trails. "뼈는" (in `nouns`) is no modifier,
    nor a word that is a name by itself ("스푼", "바이올린" in `names`)."""
    end = len(words)
    while end > 1 and words[end - 1] in THINGS:
        end -= 1
    last = words[end - 1]
    for thing in THINGS:  # "깨진거"
        if (
            last.endswith(thing)
            and len(last) > len(thing)
            and last[-len(thing) - 1] in _MODIFIER_ENDS
        ):
            last = last[: -len(thing)]
            break
    if (
        end < 2
        or last[-1] not in _MODIFIER_ENDS
        or last in NEGATORS
        or last[:-1] in nouns
        or last in names
    ):
        return None
    stuck = end > 2 and last.startswith((*_ATTACHED, "뺀", "빼낸", "뗀"))  # not 벗긴: the peel
    start = end - 2 if stuck or words[end - 2] in NEGATORS else end - 1
    if start < 1:
        return None
    return [*words[start : end - 1], last, *words[:start]]


_CAME = frozenset({"came", "come", "comes", "was", "were", "is", "arrived"})
_DETERMINERS = frozenset({"the", "my", "our", "your", "a", "an", "his", "her", "their"})
_BELONGS = frozenset({"of", "from"})  # "lid of a jar", "bag from chips"
_LEFTOVER = frozenset({"leftover", "leftovers"})
# What a container is said to be after "X of Y": "carton of milk, rinsed", "bag of chips empty".
_STATES = frozenset(
    {"empty", "emptied", "rinsed", "washed", "clean", "cleaned", "used", "dirty", "greasy", "wet"}
)


_MADE = frozenset({"된", "만든", "만들어진", "재질"})


def made_of(words: list[str]) -> list[str] | None:
    """ "유리로 된 반찬통" as "유리 반찬통": the material it is made of, before its name."""
    for i in range(1, len(words) - 1):
        material = words[i - 1].removesuffix("으로").removesuffix("로")
        if words[i] in _MADE and material != words[i - 1] and material in MATERIALS:
            return [*words[: i - 1], material, *words[i + 1 :]]
    return None


_PEELING = frozenset({"까고", "까서", "깐", "벗기고", "벗겨서", "벗긴", "까먹고"})


def peeled(words: list[str]) -> list[str] | None:
    """ "땅콩 까고 남은 거" as "땅콩 껍질": what is left after peeling is the peel."""
    end = len(words)
    while end > 1 and words[end - 1] in THINGS:
        end -= 1
    if end >= 3 and words[end - 1] in ("남은", "남은거") and words[end - 2] in _PEELING:
        return [*words[: end - 2], "껍질"]
    return None


def held_first(words: list[str]) -> list[str] | None:
    """ "the bag the bread came in" ("the box my phone came in") as "bread bag", "lid of a
    jam jar" as "jam jar lid", "bag from chips" as "chip bag": what a container held, or
    the thing a lid or label belongs to, before it. A trailing "leftover" goes first
    ("cough syrup leftover": leftover cough syrup)."""
    for i in range(1, len(words) - 2):
        if words[i] in _DETERMINERS and container(words[i - 1]):
            end = next((j for j in range(i + 2, len(words)) if words[j] in _CAME), None)
            if end is not None:
                return [*words[i + 1 : end], words[i - 1]]
    for i in range(1, len(words) - 1):
        if words[i] in _BELONGS and container(words[i - 1]):
            owner = [w for w in words[i + 1 :] if w not in _DETERMINERS]
            cut = next((j for j, w in enumerate(owner) if w in _STATES), len(owner))
            owner, state = owner[:cut], owner[cut:]  # "bag of chips empty": empty chip bag
            if owner and not any(w in PREPOSITIONS for w in owner):
                return [*words[: i - 1], *state, *owner, words[i - 1]]
    if len(words) > 1 and words[-1] in _LEFTOVER:
        return [words[-1], *words[:-1]]
    return None


def last_thing(words: list[str], final: int) -> int:
    """The last word naming a thing: "영양제 병 빈 거" ends at 병, not at "빈 거"."""
    if final < 1 or words[final] not in THINGS:
        return final
    final -= 1
    while final > 0 and (words[final] in EMPTY or _adnominal(words[final]) or _stain(words[final])):
        final -= 1  # "컵라면 용기 국물 자국 있는 거": the 용기, not its stain
    return final


def _stain(word: str) -> bool:
    """A soil or the mark it leaves, in a clause after the thing ("국물 자국 있는")."""
    return word.startswith(SOILS) or word in SOIL_SMEARS


def _container(word: str) -> bool:
    """A container word with a particle ("통은", "병을"): a noun, though 은 ends in ㄴ."""
    return len(word) > 1 and word[-1] in "은는을를도이가" and word[:-1] in CONTAINERS


def _verbal(word: str) -> bool:
    """A verb form inside a phrase: "다", "먹고", "끓여", "남은" (never a denial)."""
    if word in NEGATORS or word.startswith(_DENIALS) or not ("가" <= word[-1] <= "힣"):
        return False  # "수은 없는 체온계" keeps its denial
    return word == "다" or _adnominal(word) or word.endswith(("고", "서", "어", "아", "여", "워"))


def _adnominal(word: str) -> bool:
    """A verb or adjective before a noun: its last syllable ends in ㄴ or ㄹ (깨진, 쓴)."""
    return syllable_final(word[-1]) in (FINAL_N, FINAL_RIEUL)


def denied_words(words: list[str]) -> list[str]:
    """The words the query denies: "안 깨진 병", "안깨진 병", "not broken" -> 깨진, broken."""
    found = [w for i, w in enumerate(words) if i and denied(words, i)]
    for word in words:
        rest = word[1:]
        if word[:1] in "안못" and len(rest) >= 2 and _adnominal(rest):
            found.append(rest)
    return found


def denied(words: list[str], index: int) -> bool:
    """Whether word `index` is denied by the word before it: "안 깨진", "not broken".

    Before a noun, "안" means inside ("택배 상자 안 뽁뽁이"): Korean denies a verb or an
    adjective, whose form before a noun ends in ㄴ or ㄹ (깨진, 묻은, 젖을).
    """
    before, word = words[index - 1], words[index]
    if before not in NEGATORS:
        return False
    return word.isascii() or not ("가" <= word[-1] <= "힣") or _adnominal(word)
