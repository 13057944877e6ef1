"""Lexical evidence for item search: whole names, names as words of the query, typos.

Evidence is graded so the ranking can be honest about it:

- `exact` / `synonym`: the whole query is one of the item's names (1.0 / 0.95);
- a name that is a whole word (or run of words) of the query, higher when it is the
  head noun, or at the end of a longer word (`spans`);
- the same words reordered or reduced ("유리 깨진 거": 깨진 유리; "물약 빈 병": 물약병);
- the query inside a longer name ("뽁뽁" in "뽁뽁이"): weak unless only a letter is
  missing, since "치킨" in "치킨 뼈" is a different thing (`partial`);
- jamo edit similarity (typos: 패트병 → 페트병), n-gram overlap (`typos`);
- then packaging against contents and stated materials (`packaging`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ecoeco.knowledge.conditions import QueryText
from ecoeco.knowledge.errands import CHATTER
from ecoeco.knowledge.evidence import EXACT_SCORE, SYNONYM_SCORE, Evidence, offer
from ecoeco.knowledge.names import Names
from ecoeco.knowledge.packaging import clashes, made_container, materials, weigh
from ecoeco.knowledge.schema import Item
from ecoeco.knowledge.shapes import droppable, fronted, held_first, made_of, peeled
from ecoeco.knowledge.spans import offer_words
from ecoeco.knowledge.typos import Typos

REDUCED_SCORE = 0.93  # a name once "빈"/"empty" is dropped from between its words
MADE_SCORE = 0.88  # "종이 쌀 포대" as 종이포대: above a container of another material


class NameIndex(Names):
    """Every name of every item, indexed by key and by jamo bigrams."""

    def __init__(self, items: Sequence[Item]) -> None:
        super().__init__(items)
        self._typos = Typos(self)

    def evidence(self, text: QueryText, whole: Sequence[str]) -> dict[int, Evidence]:
        """The best evidence per item for a query (stripped of question phrasing).

        `whole` are keys of the whole query (with and without a final particle) to
        look up as names.
        """
        qkey = text.compact
        found: dict[int, Evidence] = {}
        # "안녕", "ok", "thanks", "잘 자" (its 자 is no ruler): no item, no typo
        if all(w in CHATTER for w in text.words) or qkey in CHATTER:
            return found
        exact = next((self.exact[k] for k in (qkey, *whole) if k in self.exact), [])
        for n in exact:
            name = self.names[n]
            if name.primary:
                offer(found, name.item, Evidence(EXACT_SCORE, "exact"))
            else:
                offer(found, name.item, Evidence(SYNONYM_SCORE, "synonym"))
        contents, asked = offer_words(self, text, found)
        kept = droppable(text.words, self.exact)
        if 1 < len(kept) and kept != text.words:  # "물약 빈 병": 물약병; "수은 든 체온계"
            reduced = QueryText(" ".join(kept))
            joined: dict[int, Evidence] = {}
            for n in self.exact.get(reduced.compact, []):
                offer(joined, self.names[n].item, Evidence(REDUCED_SCORE, "word"))
            offer_words(self, reduced, joined)
            # "참기름 플라스틱 병": a material dropped from between the words does not join
            # them into the name of a thing made of something else (the glass 참기름병).
            lost = materials(text.words) - materials(kept)
            for item, known in joined.items():
                if not clashes(self, item, lost):
                    offer(found, item, known)
        moved = (
            made_of(text.words)
            or peeled(text.words)
            or fronted(text.words, self.vocabulary, self.exact)
            or held_first(text.words)
        )
        if moved is not None:  # "유리 깨진 거": 깨진 유리; "the bag the bread came in"
            reordered = QueryText(" ".join(moved))
            for n in self.exact.get(reordered.compact, []):
                offer(found, self.names[n].item, Evidence(REDUCED_SCORE, "word"))
            offer_words(self, reordered, found)
        for n in self.exact.get(made_container(text.words), []):  # "종이 쌀 포대": 종이포대
            offer(found, self.names[n].item, Evidence(MADE_SCORE, "word"))
        self._typos.offer(text, found)
        weigh(self, text, found, contents, asked)
        return found
