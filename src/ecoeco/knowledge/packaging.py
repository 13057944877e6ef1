"""Packaging versus its contents, and the materials a query states.

A container is asked about, not the food or medicine it held ("주스 병"), unless the query
says the contents are still inside ("잼 남은 유리병"); a stated material ("플라스틱 통")
lowers a guess of another material and a food also named.
"""

from __future__ import annotations

from collections.abc import Sequence

from ecoeco.knowledge.conditions import QueryText
from ecoeco.knowledge.evidence import SYNONYM_SCORE, Evidence
from ecoeco.knowledge.names import Names
from ecoeco.knowledge.shapes import (
    CONTENTS,
    LINKING,
    MADE_OF,
    MATERIALS,
    PAST,
    STILL_INSIDE,
    container,
    forms,
)

ASKED_MARGIN = 0.03  # contents said to be still inside lead the container this much
CONTENTS_CAP = 0.77  # the food or medicine an unnamed container held: below STRONG
CLASH_COST = 0.05  # a guessed item of another material than the query states
MATERIAL_BINS = frozenset({*MADE_OF.values(), "vinyl"})  # bins named by what things are made of
_INSIDE = frozenset({"left", "still", "inside", "full", "remaining"})  # what is in it is named
_LEFT = frozenset({"left", "remaining", "inside"})  # "with jam left in it": the jam is asked


def weigh(
    names: Names,
    text: QueryText,
    found: dict[int, Evidence],
    contents: set[int],
    asked: set[int],
) -> None:
    """Lower the contents an unnamed container held, raise those still inside it, and lower
    guesses of another material than the query states."""
    for item in contents:  # what an unnamed container held: never the answer by itself
        known = found[item]
        found[item] = Evidence(min(known.score, CONTENTS_CAP), known.kind, known.named)
    top = max((e.score for i, e in found.items() if i not in asked), default=0.0)
    for item in asked:  # over the container that holds it ("잼 남은 유리병": the jam)
        known = found[item]
        if known.score < top + ASKED_MARGIN:
            found[item] = Evidence(min(top + ASKED_MARGIN, SYNONYM_SCORE), known.kind, True)
    stated = materials(text.words)
    inside = any(_inside(w) for w in text.words)
    for item, known in found.items():  # "plastic container", "종이 택배 봉투": not another
        if known.kind in ("exact", "synonym"):
            continue
        if clashes(names, item, stated):
            found[item] = Evidence(known.score - CLASH_COST, known.kind, known.named)
        elif (
            stated
            and not inside  # "플라스틱 통에 든 김치": the kimchi is asked about too
            and names.categories[item] in CONTENTS
            and not stated & names.handled[item]
        ):
            # "plastic cake dome", "plastic container with sauce": a thing made of plastic
            # is not the food or medicine also named (below STRONG: asked, not answered)
            found[item] = Evidence(min(known.score, CONTENTS_CAP), known.kind, known.named)


def clashes(names: Names, item: int, stated: set[str]) -> bool:
    """Whether the item is of another material than `stated` says, and none of its
    conditions reads them ("유리로 된 밀폐용기" reads 유리)."""
    category = names.categories[item]
    if category == "vinyl":  # a film laminated with aluminium is still a film ("은박 봉투")
        stated = stated - {"metal"}
    return (
        bool(stated)
        and category in MATERIAL_BINS
        and category not in stated
        and not stated & names.handled[item]
    )


def still_inside(names: Names, words: list[str], spans: list[tuple[int, int, float]]) -> int | None:
    """The last word of a food or medicine the query says is still in its container,
    which it then asks about: "잼 남은 유리병", "물약이 남아 있는 병", "고추장 한 통",
    "jam jar with jam left in it", "a bottle with syrup remaining". A container word
    must be in the query too; "먹고 남은" (what was done) and "들어있던" (once) are not.
    """
    for n, last, _ in spans:
        item = names.names[n].item
        if names.categories[item] not in CONTENTS or item in names.poured or last + 1 >= len(words):
            continue
        following = words[last + 1]
        inside = following.startswith(STILL_INSIDE) and not following.endswith(PAST)
        measure = following == "한" and last + 2 < len(words) and container(words[last + 2])
        if (inside or measure or following in _LEFT) and any(
            container(w) for i, w in enumerate(words) if i != last
        ):
            return last
    return None


def made_container(words: Sequence[str]) -> str:
    """A Korean material and the container ending the query, apart ("유리 요구르트 병"), as
    one name ("유리병"): what the container is made of says its bin, not what it held."""
    if len(words) < 3 or not (container(words[-1]) or words[-1] in ("포대", "자루")):
        return ""
    material = next((w for w in words[:-2] if w in MATERIALS and not w.isascii()), None)
    return material + forms(words[-1])[-1] if material else ""


def materials(words: Sequence[str]) -> set[str]:
    """The bins of the materials the words state ("플라스틱" -> plastic)."""
    return {MADE_OF[f] for w in words for f in forms(w) if f in MADE_OF}


def _inside(word: str) -> bool:
    """Whether a word says something is in the container now: "든", "남은", "left"; not
    what it held once ("담겼던", "들어있던": emptied, so the container is asked about)."""
    now = word.startswith(STILL_INSIDE) or word in LINKING or word in _INSIDE
    return now and not word.endswith(PAST)


def overruled(item_category: str, condition_category: str, words: Sequence[str]) -> bool:
    """Whether the query states the item's own material and a condition would send it to
    another material's bin: "유리병 뚜껑은 플라스틱인데" is a plastic cap, whatever the
    caps of glass bottles usually are."""
    stated = materials(words)
    return (
        item_category in stated
        and condition_category in MATERIAL_BINS
        and condition_category not in stated
    )
