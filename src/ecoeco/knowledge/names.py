"""The names of every item, indexed: by key, by proper ending, and as the words of the domain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ecoeco.knowledge.analogy import Analogies
from ecoeco.knowledge.schema import Item
from ecoeco.knowledge.shapes import MADE_OF
from ecoeco.knowledge.text import key, to_jamo

UNSURE_TAIL = 0.77  # a name ending a word whose front means nothing here ("미세먼지"): below STRONG
_POURED = "액체는 하수구"  # in the steps of a drink: the liquid goes down the drain


@dataclass(frozen=True)
class Name:
    """One indexed name of an item."""

    item: int
    key: str
    jamo: str
    primary: bool


class Names:
    """Every name of every item by key, the words written in names, and proper endings."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.names = _index_names(items)
        self.categories = [item.category for item in items]
        # Drinks poured down the drain: a cup with coffee left is still asked about as a cup.
        self.poured = {i for i, item in enumerate(items) if any(_POURED in s for s in item.steps)}
        # Materials an item's own conditions handle ("유리로 된 밀폐용기"): stating one is no clash.
        self.handled = [
            {MADE_OF[k] for c in item.conditions for k in c.keywords if k in MADE_OF}
            for item in items
        ]
        self.exact: dict[str, list[int]] = {}
        for n, name in enumerate(self.names):
            self.exact.setdefault(name.key, []).append(n)
        # Every word written in a name, and each name: the vocabulary of the domain.
        self.vocabulary = {key(w) for i in items for n in i.all_names() for w in n.split()}
        self.vocabulary |= set(self.exact)
        # Proper endings of names ("체온계" of "수은체온계"): a word naming the kind of thing,
        # if the ending is a word of its own somewhere ("위치" is only the tail of 스위치).
        self.heads: dict[str, list[int]] = {}
        for n, name in enumerate(self.names):
            for cut in range(1, len(name.key) - 1):
                if name.key[cut:] in self.vocabulary:
                    self.heads.setdefault(name.key[cut:], []).append(n)
        self.analogies = Analogies((n.item, n.key) for n in self.names)

    def known(self, prefix: str) -> bool:
        """Whether the front of a glued word means something here: a word of some name,
        one syllable ("헌", "폐", "빈") or English, so "피자박스" is a pizza box but
        "미세먼지" says nothing about dust.
        """
        return len(prefix) < 2 or prefix in self.vocabulary or prefix.isascii()


def _index_names(items: Sequence[Item]) -> list[Name]:
    names: list[Name] = []
    for index, item in enumerate(items):
        primary = {key(item.name_ko), key(item.name_en)}
        for raw in dict.fromkeys(key(n) for n in item.all_names()):
            if raw:
                names.append(Name(index, raw, to_jamo(raw), raw in primary))
    return names
