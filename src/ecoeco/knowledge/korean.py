"""Korean particles (조사) chosen by the word they follow: 은/는, 이/가, 을/를, (으)로 ...

The one place that decides a particle. Every sentence that inserts a name goes
through it, so no answer prints "은(는)" or "(으)로".
"""

from __future__ import annotations

from ecoeco.knowledge.text import HANGUL_FIRST, HANGUL_LAST

_RIEUL = 8  # the final consonant index of ㄹ
# How a trailing digit or Latin letter is read aloud: its final consonant, if any.
_DIGIT_FINAL = {"0": 21, "1": 8, "3": 16, "6": 1, "7": 8, "8": 8}  # 영 일 삼 육 칠 팔
_LETTER_FINAL = {"l": 8, "m": 16, "n": 4, "r": 8}  # 엘 엠 엔 알


def final_consonant(word: str) -> int:
    """The final consonant index (0: none) of the last sounded character of `word`."""
    for ch in reversed(word.strip()):
        code = ord(ch)
        if HANGUL_FIRST <= code <= HANGUL_LAST:
            return (code - HANGUL_FIRST) % 28
        if ch.isdigit():
            return _DIGIT_FINAL.get(ch, 0)
        if ch.isascii() and ch.isalpha():
            return _LETTER_FINAL.get(ch.lower(), 0)
    return 0


def particle(word: str, pair: str) -> str:
    """`word` followed by the right half of `pair`, e.g. ("사과", "을/를") -> "사과를".

    Pairs are written consonant-first: 은/는, 이/가, 을/를, 과/와, 이라면/라면,
    이에요/예요, 으로/로 (ㄹ endings take 로).
    """
    after_consonant, after_vowel = pair.split("/")
    final = final_consonant(word)
    if pair == "으로/로":
        use_first = final not in (0, _RIEUL)
    else:
        use_first = final != 0
    return f"{word}{after_consonant if use_first else after_vowel}"


def topic(word: str) -> str:
    """`word` with 은/는."""
    return particle(word, "은/는")


def subject(word: str) -> str:
    """`word` with 이/가."""
    return particle(word, "이/가")


def object_of(word: str) -> str:
    """`word` with 을/를."""
    return particle(word, "을/를")


def direction(word: str) -> str:
    """`word` with (으)로; ㄹ endings take 로."""
    return particle(word, "으로/로")


def if_it_is(word: str) -> str:
    """`word` with (이)라면."""
    return particle(word, "이라면/라면")
