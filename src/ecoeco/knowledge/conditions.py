"""Which of an item's conditions a query asserts, read the way people write them.

A condition fires only when the query asserts one of its keywords: "깨진 소주병"
does, "안 깨진 소주병", "unbroken soju bottle", "기름 안 묻은 피자박스",
"부풀지 않은 보조배터리" and "디지털 아닌 수은 체온계" do not. Keywords match whole
words (English) or the start of a word (Korean, so "깨진" matches "깨진거"); a
keyword of one syllable or fewer than three letters is ignored ("손" is not in
"손상된"). A condition that the query both asserts and denies, or only wonders
about ("깨진 건지 모르겠는"), is *unsure*: the caller asks rather than switch bins
when the answer involves hazardous waste.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property, lru_cache

from ecoeco.knowledge.denials import (
    CONTENT_KEYWORDS,
    EMPTY_WORDS,
    HEDGE_AFTER,
    HEDGE_BEFORE,
    NOT_AFTER_EN,
    NOT_BEFORE,
    NOT_PREFIXES,
    STUCK,
    STUCK_EN,
    denied_after,
)
from ecoeco.knowledge.schema import Condition
from ecoeco.knowledge.states import (
    ALIASES,
    DIRT_KEYWORDS,
    DIRT_WORDS,
    FAMILIES,
    OPPOSITES,
    SHARED,
    SMELLS,
    SOIL_SMEARS,
    SOILS,
    STAIN_PHRASES,
)
from ecoeco.knowledge.text import normalize, singular

HAZARD_SLUGS = frozenset({"hazardous"})
HAZARD_WORDS = ("수은", "mercury")


def common_condition(
    query: QueryText, category: str, own: Sequence[Condition], names: Iterable[str]
) -> Condition | None:
    """A condition every item of its kind shares, when the item states none of that kind
    and the query asserts it (wet or greasy paper, a dirty recyclable).
    """
    mine = {k for c in own for k in c.keywords}
    mask: list[bool] | None = None
    for shared, kinds in SHARED:
        if category not in kinds or mine & set(shared.keywords):
            continue
        mask = query.name_mask(names) if mask is None else mask
        words = [*shared.keywords, *(a for k in shared.keywords for a in ALIASES.get(k, ()))]
        if DIRT_KEYWORDS.intersection(shared.keywords) and query.soiled:
            words += [*DIRT_WORDS, *query.smears]  # "기름 묻은 스티로폼 접시"
        found = [p for word in words for p in query.read(word, mask)]
        if DIRT_KEYWORDS.intersection(shared.keywords) and query.with_soil:
            found.append(Polarity.asserted)
        if Polarity.asserted in found and Polarity.denied not in found:
            return shared
    return None


def stuck_dirt(query: QueryText) -> bool:
    """Whether the query says dirt is on it that will not come off ("기름이 안 빠지는")."""
    spaced = " ".join(query.words)
    return query.soiled and bool(STUCK.search(query.compact) or STUCK_EN.search(spaced))


def _soil(word: str) -> bool:
    """A soil named by one word, with or without its particle ("치즈가", "김칫국물")."""
    return word.startswith(SOILS) or _ends_in_soil(word)


def _smear(word: str) -> bool:
    """A word of smearing or sticking ("배서", "묻은", "붙은")."""
    return word.startswith(SOIL_SMEARS) or word in DIRT_WORDS


def _ends_in_soil(word: str) -> bool:
    """A Korean soil glued after what it came from: "고추기름", "김칫국물", "짜장소스"."""
    return not word.isascii() and any(
        word.endswith(s) and len(word) > len(s) for s in SOILS if not s.isascii()
    )


class Polarity(Enum):
    """What the query says about a condition."""

    asserted = "asserted"
    denied = "denied"
    unsure = "unsure"


@dataclass(frozen=True)
class ConditionReading:
    """The condition a query asserts (to apply), or one it leaves undecided (to ask about)."""

    applied: Condition | None = None
    unsure: Condition | None = None


def usable_keyword(word: str) -> bool:
    """Whether a keyword may match inside the start of a word: 2+ syllables, or 3+ letters.

    A one-syllable Korean keyword ("큰", "쇠") only ever matches a whole word ("큰 베개",
    never "큰일" or "손상된"); a one- or two-letter English one never matches.
    """
    compact = normalize(word).replace(" ", "")
    if not compact:
        return False
    if compact.isascii():
        return len(compact) >= 3
    return len(compact) >= 2


def _masked(mask: Sequence[bool], start: int, end: int) -> bool:
    """Whether a keyword occurrence is part of the item's name, so says nothing by itself.

    A keyword holding the whole name and more ("물 아이스팩", "우산살") still counts.
    """
    inside = mask[start:end]
    if not any(inside):
        return False
    bounded = (start == 0 or not mask[start - 1]) and (end >= len(mask) or not mask[end])
    return all(inside) or not bounded


def _whole_word_only(needle: str) -> bool:
    return len(needle) == 1 and not needle.isascii()


@lru_cache(maxsize=8192)
def _needle(keyword: str) -> tuple[str, bool, bool]:
    """A keyword as queries are searched for it: its compact form, whether it matches only
    whole words, and whether it may match at all (worked out once per keyword)."""
    needle = "".join(singular(w) for w in normalize(keyword).split())
    whole = _whole_word_only(needle)
    return needle, whole, whole or usable_keyword(needle)


# Adverbs of degree name nothing and stand between a keyword's words ("약이 반쯤 남은",
# "가스가 좀 남은"): they are not read.
_DEGREE = frozenset({"반쯤", "조금", "좀", "약간", "살짝", "아직", "거의", "절반", "많이", "잔뜩"})


class QueryText:
    """A query split into words, with the spans that name the item masked out."""

    def __init__(self, text: str) -> None:
        words = [singular(w) for w in normalize(text).split()]
        self.words = [w for w in words if w not in _DEGREE] or words
        self.compact = "".join(self.words)
        self._word_of: list[int] = []
        self.starts: set[int] = set()
        self.ends: set[int] = set()
        offset = 0
        for index, word in enumerate(self.words):
            self.starts.add(offset)
            self._word_of.extend([index] * len(word))
            offset += len(word)
            self.ends.add(offset)

    @cached_property
    def soiled(self) -> bool:
        """Whether the query names something that soils a recyclable (sauce, oil, food,
        cheese); read once per query, not per condition of every hit. A smell soaked in
        ("김치 냄새 밴 통") is no soil: a rinsed container is taken however it smells."""
        dirt = [i for i, w in enumerate(self.words) if w in DIRT_WORDS]
        if dirt and all(i and self.words[i - 1].startswith(SMELLS) for i in dirt):
            return False
        return any(_soil(w) for w in self.words) or any(p in self.compact for p in STAIN_PHRASES)

    @cached_property
    def smears(self) -> tuple[str, ...]:
        """The words of sticking that say dirt here: only after a soil named right before
        ("치즈가 붙은", "국물 배서 빨개진"), not after a clean thing ("소스병 라벨 붙은")."""
        if not self.soiled:
            return ()
        for index, word in enumerate(self.words):
            if not word.startswith(SOIL_SMEARS):
                continue
            back = index - 1
            while back >= 0 and (self.words[back] in NOT_BEFORE or _smear(self.words[back])):
                back -= 1  # "치즈 안 붙은", "국물 배서 빨개진"
            if back >= 0 and _soil(self.words[back]):
                return SOIL_SMEARS
        return ()

    @cached_property
    def with_soil(self) -> bool:
        """Whether the query says in English that a soil is on it: "box with cheese",
        "container with sauce on it" ("with no grease" names no soil after "with")."""
        return any(
            w == "with" and n.startswith(SOILS)
            for w, n in zip(self.words, self.words[1:], strict=False)
        )

    def name_mask(self, names: Iterable[str]) -> list[bool]:
        """Which characters belong to one of the item's names (longest names first)."""
        mask = [False] * len(self.compact)
        for name in sorted({n for n in names if len(n) >= 2}, key=len, reverse=True):
            start = self.compact.find(name)
            while start >= 0:
                if not any(mask[start : start + len(name)]):
                    mask[start : start + len(name)] = [True] * len(name)
                start = self.compact.find(name, start + 1)
        return mask

    def read(self, keyword: str, mask: Sequence[bool]) -> list[Polarity]:
        """Each place the keyword occurs as a word (or word start) and what the query says."""
        needle, whole, usable = _needle(keyword)
        if not usable:
            return []
        found: list[Polarity] = []
        start = self.compact.find(needle)
        while start >= 0:
            end = start + len(needle)
            word_only = not whole or (start in self.starts and end in self.ends)
            if word_only and not _masked(mask, start, end):
                polarity = self._occurrence(needle, start, end, mask)
                if polarity is not None:
                    found.append(polarity)
            start = self.compact.find(needle, start + 1)
        return found

    def _occurrence(
        self, needle: str, start: int, end: int, mask: Sequence[bool]
    ) -> Polarity | None:
        """The polarity of one occurrence, or None when it is inside another word."""
        glued_not = False
        after_name = start > 0 and mask[start - 1]
        if needle.isascii():
            if end not in self.ends:
                return None
            if start not in self.starts and not after_name:
                prefix = next(
                    (
                        p
                        for p in NOT_PREFIXES
                        if start - len(p) in self.starts
                        and self.compact[start - len(p) : start] == p
                    ),
                    None,
                )
                if prefix is None:
                    return None
                glued_not = True
        elif start not in self.starts and not after_name:
            if start - 1 in self.starts and self.compact[start - 1] in "안못":
                glued_not = True
            else:
                return None
        word = self._word_of[start]
        before = self.words[max(0, word - 2) : word]
        if (
            glued_not
            or (before and before[-1] in NOT_BEFORE)
            or (
                len(before) == 2
                and before[0] in NOT_BEFORE
                and (before[1] in {"t", "really", "very", "any"} or before[0] in {"no", "without"})
            )  # "isn't really", "no oil stains", "without any grease"
        ):
            return Polarity.denied
        last_word = self._word_of[end - 1]
        rest = self.compact[end : self._end_of(last_word)]
        following = self.words[last_word + 1 : last_word + 5]
        if needle.isascii():
            if following and following[0] in NOT_AFTER_EN:
                return Polarity.denied
        elif denied_after(rest, following):
            return Polarity.denied
        after = following[:1]
        if after and mask[self._end_of(last_word)]:  # "젖은 신문지도": a name, no hedge (지도)
            after = []
        tail = rest + "".join(after)
        if HEDGE_AFTER.search(tail) or any(w in HEDGE_BEFORE for w in before):
            return Polarity.unsure
        return Polarity.asserted

    def _end_of(self, word: int) -> int:
        """Offset in `compact` where word number `word` ends."""
        return sum(len(w) for w in self.words[: word + 1])

    def says_empty(self) -> bool:
        """Whether the query says the container is empty ("빈", "다 쓴", "empty")."""
        return any(w in EMPTY_WORDS for w in self.words) or "다쓴" in self.compact


def denies(query: QueryText, words: Iterable[str]) -> bool:
    """Whether the query denies one of `words` and asserts none ("without mercury")."""
    mask = [False] * len(query.compact)
    return _denied_only([p for word in words for p in query.read(word, mask)])


def _denied_only(found: list[Polarity]) -> bool:
    return Polarity.denied in found and Polarity.asserted not in found


def read_conditions(
    query: QueryText, conditions: Sequence[Condition], names: Iterable[str]
) -> ConditionReading:
    """The condition the query asserts (hazard first), and any it leaves undecided."""
    mask = query.name_mask(names)
    empty = query.says_empty()
    opposite = {  # "씻지 않은" asserts dirt, "투명하지 않은" colour
        marks: _denied_only([p for word in words for p in query.read(word, mask)])
        for words, marks in OPPOSITES
    }
    asserted: list[Condition] = []
    unsure: list[Condition] = []
    for condition in conditions:
        words = dict.fromkeys(
            [
                *condition.keywords,
                *(a for k in condition.keywords for a in ALIASES.get(k, ())),
                *(w for f in FAMILIES if set(f) & set(condition.keywords) for w in f),
            ]
        )
        found = [p for word in words for p in query.read(word, mask)]
        if DIRT_KEYWORDS.intersection(condition.keywords):
            smears = (*DIRT_WORDS, *query.smears)
            found += [p for word in smears for p in query.read(word, mask)]
            found += [Polarity.asserted] if query.with_soil else []
        if any(on and marks.intersection(condition.keywords) for marks, on in opposite.items()):
            found.append(Polarity.asserted)
        if empty and any(c in k for k in condition.keywords for c in CONTENT_KEYWORDS):
            found = [Polarity.unsure if p is Polarity.asserted else p for p in found]
            if found and Polarity.unsure in found:
                unsure.append(condition)
                continue
        if Polarity.unsure in found or (Polarity.asserted in found and Polarity.denied in found):
            unsure.append(condition)
        elif Polarity.asserted in found:
            asserted.append(condition)
    applied = next((c for c in asserted if c.category in HAZARD_SLUGS), None) or next(
        iter(asserted), None
    )
    doubt = next((c for c in unsure if c is not applied), None)
    return ConditionReading(applied, doubt)
