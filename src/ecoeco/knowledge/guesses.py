"""A bin or a guess a question names beside the item ("닭뼈 음식물이야?"): not the item."""

from __future__ import annotations

from ecoeco.knowledge.shapes import MADE_OF, forms
from ecoeco.knowledge.text import FINAL_N, syllable_final

# Bins a question may guess at ("X는 음식물이야?", "are eggshells food waste?"): not the item.
_GUESSES = frozenset(
    {
        "음식물", "음식물쓰레기", "음쓰", "일반쓰레기", "종량제", "일반", "플라스틱", "비닐",
        "유리", "캔", "종이", "재활용", "재활용품", "분리수거", "쓰레기", "음식물류", "플라스틱류",
        "일쓰", "재활용쓰레기", "음식쓰레기", "일반쓰",
    }
)  # fmt: skip
# Guesses that name only a bin, never a material (유리, 플라스틱 may say what a thing is made of).
_BINS = frozenset(
    {"음쓰", "음식물쓰레기", "일반쓰레기", "일쓰", "음식쓰레기", "일반쓰", "음식물류"}
)
_SUBJECT = ("은", "는", "이", "가", "도")
# Words that end a yes/no question about the bin named before them ("음쓰 맞아?").
_ASKING = frozenset(
    {"맞아", "맞나요", "맞죠", "맞지", "맞음", "맞니", "맞나", "맞냐", "맞는지", "맞을까",
     "맞을까요", "인가요", "일까", "일까요", "가능", "가능해",
     "아니야", "아냐", "아닌가", "아닌가요", "아니에요", "아니죠", "아니지", "아닌지"}
)  # fmt: skip
_PREDICATE = ("야", "이야", "인가요", "예요", "이에요", "로", "으로", "에", "인가", "냐")
# Endings that state rather than ask ("뚜껑은 플라스틱인데"): a material said so is what the
# thing is made of, not a guess at its bin.
_STATING = ("인데요", "인데", "이거든요", "이거든", "거든요", "거든", "이라서", "라서")
_EN_QUESTION = frozenset({"is", "are", "can", "should", "do", "does"})
_EN_GUESSES = ("food waste", "general waste", "recyclable", "recycling", "trash", "garbage")


def without_guess(text: str) -> str:
    """The question without the bin it guesses, when an item is named before it.

    "김 트레이는 플라스틱이야" -> "김 트레이는"; "are eggshells food waste" -> "are eggshells".
    Only trailing words go, and only after a subject ("X는/은/이/가"); a guess word that is
    itself the subject ("깨끗한 비닐은") stays.
    """
    words = _bins_joined(text.split())
    stated = [_stated(word) for word in words]  # "플라스틱인데": what it is made of, kept
    if any(stated):
        text = " ".join(bare or word for bare, word in zip(stated, words, strict=True))
    cut = len(words)
    while cut > 2 and words[cut - 1] in _ASKING:  # "계란 껍데기 음쓰 맞아?": the guess is asked
        cut -= 1
    asked = cut < len(words) or (len(words) > 1 and words[-1] in _BINS)  # "계란껍질 음쓰?"
    while cut > 1:
        word = words[cut - 1]
        subject = word.endswith(("은", "는"))
        if subject or not any(f in _GUESSES for f in forms(word)) or stated[cut - 1]:
            break
        cut -= 1
    before = words[cut - 1] if cut else ""  # "칫솔은", "닭뼈도" (not "작은"; "고양이 사료 캔")
    subject = not before.isascii() and before.endswith(_SUBJECT) and len(before) >= 3
    if cut < len(words) and (subject or words[-1].endswith(_PREDICATE) or asked):
        return " ".join(words[:cut])
    if len(words) > 2 and words[0] in _EN_QUESTION:
        joined = " ".join(words)
        for guess in _EN_GUESSES:
            if joined.endswith(" " + guess) and len(joined) > len(guess) + len(words[0]) + 2:
                return joined[: -len(guess) - 1]
    return text


def _stated(word: str) -> str:
    """The material a word states with an ending that tells rather than asks ("플라스틱인데"
    -> "플라스틱", "유리거든"), or ""."""
    word = word.rstrip("?!.~")
    ends = (word[: -len(e)] for e in _STATING if word.endswith(e))
    return next((stem for stem in ends if stem in MADE_OF), "")


def _bins_joined(words: list[str]) -> list[str]:
    """A bin named in two words joined as it is in one: "음식물 쓰레기야" -> "음식물쓰레기야"."""
    joined: list[str] = []
    for word in words:
        if (
            joined
            and joined[-1] in _GUESSES
            and any(f in _GUESSES for f in forms(joined[-1] + word))
        ):
            joined[-1] += word
        else:
            joined.append(word)
    return joined


# Verbs of putting a thing somewhere ("변기에 버려도 돼?", "봉투에 넣어도 돼?", "내려도").
_PUTTING = ("버려", "버리", "버릴", "버린", "넣", "내놓", "내다", "내려", "배출", "던져", "부어")
_AT = ("에다가", "에다", "에")


def without_place(text: str, said: str) -> str:
    """`text` without the place the question puts the thing in: in `said` (the query as
    typed, spaced), a word ending in 에 that a verb of putting follows, with no clause
    between ("변기에 버려도 돼?", "봉투에 닭뼈 넣어도 돼?"). Not "김칫국물에 물든 용기":
    there the word says what stained it.
    """
    words = said.split()
    places = set()
    for index, word in enumerate(words[:-1]):
        stem = next((word[: -len(at)] for at in _AT if word.endswith(at)), "")
        after = words[index + 1]
        if len(stem) < 2 or word.isascii() or (_ends_in_n(after) and not _puts(after)):
            continue
        if any(_puts(later) for later in words[index + 1 :]):
            places.add(word)
    return " ".join(w for w in text.split() if w not in places) if places else text


def _puts(word: str) -> bool:
    return word.startswith(_PUTTING)


def _ends_in_n(word: str) -> bool:
    """A final ㄴ: an adnominal clause ("물든", "있던", "젖은") describing what follows."""
    last = word.rstrip("?!.~")[-1:]
    return syllable_final(last) == FINAL_N
