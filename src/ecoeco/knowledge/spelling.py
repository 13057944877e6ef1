"""Misspelt words of a query read as the word of the domain they are one letter from.

A typo in the word that names the thing ("케이크 상짜", "만두 뽕지", "곡물 껍지") left
only the other words to match, so the answer was the food, not its box or bag. A word
no name holds, one jamo from exactly one word that some name holds (a dropped or
swapped 받침, ㅐ/ㅔ, ㄱ/ㄲ), or a word of four syllables or more missing one
("스티로폼" -> "스티폼") or its last syllable when that is no word ("플라스"), is read as
that word. Words the conditions or the question
use are never corrected ("부푼" is no "부품"), nor the ending of a word that ends like a
verb, unless the correction joins a neighbour into a name. A word of
two syllables is too near too many everyday words ("숙제" -> 숙주, "막차" -> 막창): it
is corrected only into a container, part or material word ("뽕지" -> 봉지) or into a
word that joins a neighbour into a name ("두부 요기" -> 두부 용기). A container glued to
a word of a name is spaced as it is in the names ("김치봉지" -> 김치 봉지).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence

from ecoeco.knowledge.errands import CHATTER
from ecoeco.knowledge.schema import Item
from ecoeco.knowledge.shapes import (
    CONTAINERS,
    LINKING,
    MATERIALS,
    PARTS,
    POINTERS,
    STILL_INSIDE,
    forms,
)
from ecoeco.knowledge.states import ALIASES, DIRT_WORDS, FAMILIES, SOIL_SMEARS, SOILS
from ecoeco.knowledge.text import (
    HANGUL_FIRST,
    HANGUL_LAST,
    edit_distance,
    key,
    normalize,
    to_jamo,
)


def _hangul(word: str) -> bool:
    return bool(word) and all(HANGUL_FIRST <= ord(c) <= HANGUL_LAST for c in word)


# Last syllables of verbs, adjectives and endings ("깨진", "버렸는데", "샀어요", "작아"):
# such a word states something about the thing; a noun misspelt rarely ends so.
_VERB_ENDS = frozenset("진된난은는던쓴푼간한운른린친든긴인찐센빈다요데고서며면까니죠네어아해게")
_MIN_DROPPED = 4  # a word this long may have lost one syllable
_SHORT = 2  # syllables: a word this short is corrected only into a telling word
_TELLING = CONTAINERS | PARTS | MATERIALS
_SPAN = 3  # words a corrected short word may join into a name
_GLUED_CONTAINERS = sorted((c for c in CONTAINERS if _hangul(c)), key=len, reverse=True)


def condition_words(items: Iterable[Item]) -> set[str]:
    """Words that state a condition or a soil: read as they are, never as a typo."""
    phrases = [k for i in items for c in i.conditions for k in c.keywords]
    phrases += [w for f in FAMILIES for w in f] + [w for a in ALIASES.values() for w in a]
    phrases += [*DIRT_WORDS, *SOIL_SMEARS, *SOILS, *LINKING, *STILL_INSIDE]
    return {w for p in phrases for w in normalize(p).split()}


def _deletes(jamo: str) -> set[str]:
    return {jamo[:i] + jamo[i + 1 :] for i in range(len(jamo))}


class Speller:
    """Corrects the Korean words of a query that name nothing but are a typo of a name's word."""

    def __init__(
        self, vocabulary: Iterable[str], known: Iterable[str], names: Container[str]
    ) -> None:
        """`vocabulary`: the words names hold; `known`: the words of states and soils
        (`condition_words`); `names`: the names' keys."""
        vocabulary, known = set(vocabulary), set(known)
        self.names = names
        self.states = {w for w in known if w.isascii() and len(w) >= 3}
        self.vocabulary = vocabulary
        words = {w for w in vocabulary if len(w) >= 2 and _hangul(w)}
        self.known = {*vocabulary, *known, *CHATTER, *POINTERS}
        for word in words:  # the end of a glued name is a word ("관리기" of 의류관리기)
            self.known.update(word[cut:] for cut in range(1, len(word) - 1))
        self._near: dict[str, set[str]] = {}  # a word's jamo, and it less one jamo -> words
        self._short: dict[str, set[str]] = {}  # a long word less one syllable -> words
        self._cut: dict[str, set[str]] = {}  # a long word less its last syllable -> words
        for word in words:
            jamo = to_jamo(word)
            for variant in (jamo, *_deletes(jamo)):
                self._near.setdefault(variant, set()).add(word)
            if len(word) >= _MIN_DROPPED:
                for at in range(1, len(word) - 1):  # inside: 참기름 is no 참기름병 misspelt
                    self._short.setdefault(word[:at] + word[at + 1 :], set()).add(word)
                if word[-1] not in vocabulary | _TELLING:  # 플라스(틱), never 참기름(병)
                    self._cut.setdefault(word[:-1], set()).add(word)

    def candidates(self, word: str) -> set[str]:
        """The domain words `word` may misspell (none when it is known or names nothing)."""
        variants = forms(word)
        if any(f in self.known or self._glued(f) for f in variants):
            return set()
        for form in variants:
            if len(form) < 2 or not _hangul(form):
                continue
            if form in self._cut:  # the front of one long word: 플라스 is 플라스틱, no 글라스
                return self._cut[form]
            jamo = to_jamo(form)
            near: set[str] = set()
            for variant in (jamo, *_deletes(jamo)):
                near |= self._near.get(variant, set())
            near = {w for w in near if edit_distance(jamo, to_jamo(w)) == 1}
            near |= self._short.get(form, set())  # "종봉투": 종이봉투 or 똥봉투, so neither
            if near:
                return near
        return set()

    def _glued(self, word: str) -> bool:
        """Whether the word is two words of names glued ("생선상자" is no 생선창자)."""
        return any(
            word[:cut] in self.vocabulary and word[cut:] in self.vocabulary
            for cut in range(2, len(word) - 1)
        )

    def correct(self, words: Sequence[str]) -> list[str] | None:
        """The words with each misspelt one corrected, or None when none is.

        The one candidate that joins its neighbours into a name wins ("두부 요기": 용기,
        not 요가); otherwise a single candidate, if long enough or telling.
        """
        fixed = list(words)
        for at, word in enumerate(words):
            near = self.candidates(word)
            if not near or self._joins(fixed, at, word):  # "후라이 팬": a name as it stands
                continue
            joining = [w for w in sorted(near) if self._joins(fixed, at, w)]
            if word[-1] in _VERB_ENDS:  # "부푼" is no "부품"; "콥라면" keeps its 면
                near = {w for w in near if w[-1] == word[-1]}
            if len(joining) == 1:  # "우유팩 빨데": 우유팩 빨대, a name
                fixed[at] = joining[0]
            elif len(near) == 1:
                (better,) = near
                if len(better) > _SHORT or better in _TELLING:
                    fixed[at] = better
        spaced = [part for word in fixed for part in self._unglued(word)]
        spaced = [part for word in spaced for part in self._unprefixed(word)]
        return spaced if spaced != list(words) else None

    def _unprefixed(self, word: str) -> list[str]:
        """An English state denied by "un" or "non" glued on, spaced as "not" ("unswollen":
        not swollen), so it denies the state as "not swollen" does, also inside a name."""
        for prefix in ("un", "non"):
            rest = word[len(prefix) :]
            if word.startswith(prefix) and rest in self.states and rest.isascii():
                return ["not", rest]
        return [word]

    def _unglued(self, word: str) -> list[str]:
        """A word of a name with a container glued on, spaced ("김치봉지": 김치 봉지), as
        people write it either way; a glued word that is a name itself stays whole."""
        if word in self.names or word in self.vocabulary:
            return [word]
        for box in _GLUED_CONTAINERS:  # a material glued on is read by `shapes.unglued`
            front = word[: -len(box)]
            if word.endswith(box) and len(front) >= 2 and front in self.vocabulary - MATERIALS:
                return [front, box]
        return [word]

    def _joins(self, words: list[str], at: int, better: str) -> bool:
        """Whether `better` in place of word `at` joins its neighbours into a name."""
        trial = [*words[:at], better, *words[at + 1 :]]
        for first in range(max(0, at - _SPAN + 1), at + 1):
            for last in range(at, min(len(trial), first + _SPAN)):
                if last > first and key("".join(trial[first : last + 1])) in self.names:
                    return True
        return False
