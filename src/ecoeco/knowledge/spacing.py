"""Words typed without spaces: where a glued word splits into the words it holds."""

from __future__ import annotations

from collections.abc import Container

from ecoeco.knowledge.shapes import CONTAINERS
from ecoeco.knowledge.text import FINAL_N, syllable_final

_AND = ("이랑", "랑")  # "꼭지랑 껍질": and (사랑, 호랑이 are no pairs: the stem names nothing)


def spaced(text: str, known: Container[str], names: Container[str] = ()) -> str:
    """A long Korean word typed without spaces, split after the longest word of the names
    it starts with: "유리병깨진거" -> "유리병 깨진거", "치킨박스기름묻음" -> "치킨박스 기름묻음";
    or before the longest name ending it after a clause about it: "안입는옷" -> "안입는 옷",
    "라벨붙은페트병" -> "라벨 붙은 페트병". A word that is itself a name or a word of one is
    left whole; so is a name before a name ("반찬통": `names`, the whole names)."""
    return " ".join(part for word in text.split() for part in _unglued(word, known, names))


def _unglued(word: str, known: Container[str], names: Container[str]) -> list[str]:
    if len(word) < _CLAUSED or word.isascii() or word in known:
        return [word]
    if len(word) >= _GLUED:
        for cut in range(len(word) - 2, 1, -1):  # the rest keeps two syllables or more
            if word[:cut] in known:
                return _after_name(word[:cut], word[cut:], known, names)
    for cut in range(2, len(word)):  # the front keeps two syllables or more
        front = word[:cut]
        if _named(word[cut:], known) and _ends_clause(front) and front not in names:
            return [*_unglued(front, known, names), word[cut:]]
    return [word]


# Particles a name typed glued to the next words keeps: "봉투에닭뼈" is 봉투에 and 닭뼈.
_GLUED_PARTICLES = ("에서", "에다", "에", "을", "를", "은", "는", "도")


def _after_name(name: str, rest: str, known: Container[str], names: Container[str]) -> list[str]:
    """A name and what follows it in a glued word, a particle kept on the name's side:
    "봉투" + "에닭뼈" is 봉투에 and 닭뼈 (when a known word follows the particle), "약봉투" +
    "에든알약" 약봉투에, 든 and 알약 (a clause after the particle); a clause the name is the
    subject of split from the name it describes: "곰팡이" + "핀귤"."""
    for particle in _GLUED_PARTICLES:
        after = rest[len(particle) :]
        if rest.startswith(particle) and len(after) >= 2:
            parts = _unglued(after, known, names)
            if parts[0] in known:
                return [name + particle, *parts]
            for cut in range(1, len(after)):
                if _ends_clause(after[:cut]) and _named(after[cut:], known):
                    return [name + particle, after[:cut], after[cut:]]
    for cut in range(1, len(rest)):  # "곰팡이" + "핀귤": a clause, then what it describes
        if _ends_clause(rest[:cut]) and _named(rest[cut:], known):
            return [name, rest[:cut], rest[cut:]]
    return [name, *_unglued(rest, known, names)]


def _named(rest: str, known: Container[str]) -> bool:
    """Whether glued syllables are a name, or a name with its container glued on
    ("요플레통": 요플레 and 통)."""
    return rest in known or any(
        rest.endswith(box) and len(rest) - len(box) >= 2 and rest[: -len(box)] in known
        for box in CONTAINERS
        if not box.isascii()
    )


def _ends_clause(front: str) -> bool:
    """Whether glued words end as a clause describing the noun after them: a final ㄴ
    ("입는", "지난", "남은", "깨진", "쓰던"). Not ㄹ: "버릴라면" is no 라면 to throw away."""
    return syllable_final(front[-1]) == FINAL_N


_GLUED = 5  # syllables a word needs before it is read as several typed without spaces
_CLAUSED = 3  # ... before a name ending it is split from the clause in front ("남은밥")


_ENGLISH_GLUED = 7  # letters an English word needs before it is read as several glued
_ENGLISH_PIECE = 3  # letters each English word read out of a glued one keeps ("box")


def english_apart(text: str, known: Container[str], names: Container[str]) -> str:
    """English words typed without spaces, read apart into the fewest `known` words of
    three letters or more, one of them a whole name (in `names`): "greasypizzabox" ->
    "greasy pizzabox". A known word, one that does not split wholly into known words, or
    one no name is part of ("without" is no "with out") is left whole."""
    return " ".join(_english_words(word, known, names) for word in text.split())


def _english_words(word: str, known: Container[str], names: Container[str]) -> str:
    if len(word) < _ENGLISH_GLUED or not (word.isascii() and word.isalpha()) or word in known:
        return word
    best: list[list[str] | None] = [[]] + [None] * len(word)  # fewest pieces up to each end
    for end in range(_ENGLISH_PIECE, len(word) + 1):
        for start in range(0, end - _ENGLISH_PIECE + 1):
            before = best[start]
            if before is None or word[start:end] not in known:
                continue
            if best[end] is None or len(before) + 1 < len(best[end] or ()):
                best[end] = [*before, word[start:end]]
    pieces = best[-1]
    if not pieces or len(pieces) < 2 or not any(piece in names for piece in pieces):
        return word
    return " ".join(pieces)


def first_of_pair(text: str, known: Container[str]) -> str:
    """Of two things joined by 랑/이랑, the first, which the question is about: "당근
    꼭지랑 껍질" -> "당근 꼭지", "쪽파 뿌리랑 흙" -> "쪽파 뿌리" (one answer, one bin)."""
    words = text.split()
    for index, word in enumerate(words[:-1]):
        for particle in _AND:
            stem = word[: -len(particle)]
            if word.endswith(particle) and len(stem) >= 1 and stem in known:
                return " ".join([*words[:index], stem])
    return text
