"""Names as words of the query: whole words or runs of words, or the end of a glued word,
scored higher at the head ("피자 먹고 남은 **상자**", "**box** of pizza": 0.80-0.95; a name
ending a longer word, "피자**박스**": 0.76-0.89), and parts no name states by analogy."""

from __future__ import annotations

from ecoeco.knowledge.analogy import PACKAGING, part_of, split_part
from ecoeco.knowledge.conditions import QueryText
from ecoeco.knowledge.evidence import Evidence, offer
from ecoeco.knowledge.names import UNSURE_TAIL, Names
from ecoeco.knowledge.packaging import materials, still_inside
from ecoeco.knowledge.shapes import (
    CONTAINERS,
    CONTENTS,
    MATERIALS,
    PARTS,
    PAST,
    PREPOSITIONS,
    STILL_INSIDE,
    container,
    denied,
    forms,
    generic,
    last_thing,
    modifier,
)

ANALOGY_SCORE = 0.92  # "멜론 껍질", "라면 포장지": the item its siblings' parts name
MAX_SPAN_WORDS = 4
_SHAPES = frozenset({"통", "판"})  # before a food, the shape it comes in: 통김치, 판두부
_BOXES = tuple(c for c in CONTAINERS if not c.isascii())  # "멸균팩", "페트병": containers
_WHERE = ("에", "에서")  # "약봉투에 든 알약": where the thing asked about was


def offer_words(
    names: Names, text: QueryText, found: dict[int, Evidence]
) -> tuple[set[int], set[int]]:
    """Offer names that are whole words or runs of words of the query, or end a word of it;
    returns the contents an unnamed container held, and those said to be still inside.

    The head is the last word that names something ("휴대폰 배터리 부푼 거": 배터리),
    or the last before "of/from/for/with" ("bones from soup": bones).
    """
    words = text.words
    if not words:
        return set(), set()
    total = len(text.compact)
    spans: list[tuple[int, int, float]] = []  # (name, last word, cover)
    for first in range(len(words)):
        if first and denied(words, first):
            continue  # "안 깨진 유리병" denies the name 깨진 유리병 (유리병 still counts)
        for last in range(first, min(len(words), first + MAX_SPAN_WORDS)):
            whole = first == 0 and last == len(words) - 1
            before = "".join(words[first:last])
            for end in forms(words[last])[1 if whole else 0 :]:
                span = before + end
                spans.extend((n, last, len(span) / total) for n in names.exact.get(span, []))
    tails: list[tuple[int, int, float]] = []
    vague: set[int] = set()  # tails whose front means nothing here: "미세먼지"
    for index, word in enumerate(words):
        for form in forms(word):
            for cut in range(1, len(form) - 1):  # "피자박스": a name ending a word
                tail = form[cut:]
                if tail.isascii() and len(tail) < 4:  # "what" holds no "hat"
                    continue
                for n in names.exact.get(tail, []):
                    if not names.known(form[:cut]):
                        vague.add(len(tails))
                    tails.append((n, index, len(tail) / total))
    stop = next(  # "bones from soup"; "the box the medicine came in": the box
        (
            i
            for i, w in enumerate(words)
            if i and (w in PREPOSITIONS or (w == "the" and container(words[i - 1])))
        ),
        None,
    )
    kinds = [i for i, w in enumerate(words) if any(f in names.heads for f in forms(w)[1:])]
    kinds += [i for i, w in enumerate(words) if w in names.heads and len(w) >= 2]
    ends = [
        last
        for last in [s[1] for s in spans + tails] + kinds
        if (stop is None or last < stop) and not modifier(words, last)
    ]
    head_last = max(ends) if ends else len(words) - 1
    if ends and generic(words, head_last):  # "냉장고 문짝", "약병 유리": the earlier name
        part = any(f in PARTS for f in forms(words[head_last]))
        earlier = [e for e in ends if e < head_last and (part or e == head_last - 1)]
        proper = any(  # unless a longer name ends there ("캔 뚜껑")
            last == head_last and names.names[n].key not in PARTS | MATERIALS
            for n, last, _ in spans
        )
        if earlier and not proper:
            head_last = max(earlier)
    # "주스 병", "영양제 병", "밀가루 봉지": a container no name covers is the head, and
    # the food or medicine it held is no answer by itself (packaging is not contents).
    final = last_thing(words, len(words) - 1 if stop is None else stop - 1)
    if final and container(words[final - 1]) and forms(words[final])[-1] in MATERIALS:
        final -= 1  # "mayonnaise jar plastic": the material says what the jar is made of
    # A bare container word is no name of what it held ("fried chicken bag": a bag).
    named_ends = {last for n, last, _ in spans + tails if names.names[n].key not in CONTAINERS}
    held = final if container(words[final]) and final not in named_ends else None
    if held is None:  # "종이팩 우유", "멸균팩 주스": the container typed before what it held
        held = _container_first(names, words, spans, final)
    if held is not None:
        head_last = held
    asked = still_inside(names, words, spans)
    if asked is not None:  # "잼 남은 유리병", "고추장 한 통": what is inside is asked about
        head_last, held = asked, None
    for n, last, cover in spans:
        score = (0.85 if last == head_last else 0.77) + 0.10 * cover
        offer(found, names.names[n].item, Evidence(score, "word"))
    for t, (n, last, cover) in enumerate(tails):
        score = 0.76 + 0.10 * cover + (0.03 if last == head_last else 0.0)
        score = UNSURE_TAIL if t in vague else score
        offer(found, names.names[n].item, Evidence(score, "word"))
    _by_analogy(names, words, spans, final, found)
    contents = {
        names.names[n].item
        for n, last, _ in spans + tails
        if held is not None
        and (0 < held > last or last == final > held)
        and names.categories[names.names[n].item] in CONTENTS
        and not (
            last + 1 < len(words)
            and words[last + 1].startswith(STILL_INSIDE)
            and not words[last + 1].endswith(PAST)
        )
    }
    for index, word in enumerate(words):
        head = index == head_last or (not ends and index == len(words) - 1)
        for form in forms(word):
            if len(words) > 1 and len(form) >= 2 and not form.isascii():
                for n in names.heads.get(form, []):  # "디지털 체온계": a kind of 체온계
                    name = names.names[n]
                    cover = len(form) / len(name.key)
                    score = (0.76 if head else 0.70) + 0.10 * cover
                    offer(found, name.item, Evidence(score, "fuzzy"))
    inside = {names.names[n].item for n, last, _ in spans if last == asked}
    return contents, inside


def _container_first(
    names: Names, words: list[str], spans: list[tuple[int, int, float]], final: int
) -> int | None:
    """The word before the last when it names a container and the last names only what it
    held: "종이팩 우유", "멸균팩 주스", "캔 맥주" are thrown away as the carton or the can.
    A name of both words ("컵 라면") is the thing itself; 통 and 판 before a food say its
    shape ("통 김치", "판 두부"), not its container; "약봉투에 (든) 알약" says where the
    pills were (에), so the pills are asked."""
    front = final - 1
    if front < 0 or any(f in _SHAPES for f in forms(words[front])):
        return None
    if words[front].endswith(_WHERE):
        return None
    held = [names.names[n].item for n, last, _ in spans if last == final]
    if not held or any(names.categories[i] not in CONTENTS for i in held):
        return None
    if any(words[front] + f in names.exact for f in forms(words[final])):
        return None
    boxed = container(words[front]) or any(
        last == front
        and names.categories[names.names[n].item] not in CONTENTS
        and names.names[n].key.endswith(_BOXES)
        for n, last, _ in spans
    )
    return front if boxed else None


def _by_analogy(
    names: Names,
    words: list[str],
    spans: list[tuple[int, int, float]],
    final: int,
    found: dict[int, Evidence],
) -> None:
    """A part no name states ("멜론 껍질", "멜론껍질") goes where its siblings' go."""
    word_forms = forms(words[final])
    part = next((p for f in word_forms if (p := part_of(f))), None)
    if part is not None:
        size = len(word_forms[-1])
        if any(last == final and len(names.names[n].key) > size for n, last, _ in spans):
            return  # a name states the part with its owner ("참외 씨": soft seeds, food)
        owners = {names.names[n].item for n, last, _ in spans if last == final - 1}
    else:
        split = next((s for f in word_forms if (s := split_part(f))), None)
        if split is None or any(last == final for _, last, _ in spans):
            return
        whole, part = split
        owners = {names.names[n].item for n in names.exact.get(whole, [])}
    stated = materials(words)
    for owner in owners:
        item = names.analogies.item_for(owner, part)
        if item is None or (part in PACKAGING and names.categories[item] in CONTENTS):
            continue
        if not stated - {names.categories[item]}:
            offer(found, item, Evidence(ANALOGY_SCORE, "word"))  # unless made otherwise
