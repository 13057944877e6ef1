"""Retrieval over the knowledge base: the honest item search first, the shared index behind it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import numpy as np

from ecoeco.chat.focus import (
    contents_named,
    core,
    fee_sticker_of,
    guessed_bin,
    named_part,
    names_a_part,
    names_a_region,
    refers_back,
    set_aside,
    two_named,
    without_removed,
)
from ecoeco.chat.parts import hangul, holds_part, owners
from ecoeco.chat.states import (
    implied_soil,
    located_state,
    says_material,
    says_the_one,
    stated_after,
    states_a_condition,
)
from ecoeco.knowledge import (
    Category,
    Condition,
    Item,
    ItemSearch,
    KnowledgeBase,
    NameIndex,
    SemanticIndex,
)
from ecoeco.knowledge.analogy import PACKAGING, split_part
from ecoeco.knowledge.evidence import SYNONYM_SCORE
from ecoeco.knowledge.search import SearchResult
from ecoeco.knowledge.text import key, normalize, strip_fillers

Via = Literal["item", "condition", "category", "semantic"]

STRONG = 0.75  # a lexical hit this good needs no embeddings
CLEARLY = 0.8  # a message that points back ("it", "그거") moves on only to an item named this well
PART = 0.03  # "the cap" of the last item: read in its context when that beats the item itself
SEMANTIC_FLOOR = 0.92  # cosine for a whole question to cite a document (calibrated on chat.yaml)
CLOSE = 0.04  # other hits this close to the best are cited too
MAX_SOURCES = 2
SEARCH_MEMORY = 1024  # recent search results kept (per text, and semantic or not)


@dataclass(frozen=True)
class Guide:
    """One piece of the knowledge base an answer is built from.

    `unsure` is a condition that would move the item into or out of hazardous waste
    that the question leaves open: the answer asks about it.
    """

    category: Category
    item: Item | None
    condition: Condition | None
    score: float
    via: Via
    unsure: Condition | None = None


class Retriever:
    """Finds the guides that answer a disposal question, in Korean or English."""

    def __init__(
        self, kb: KnowledgeBase, index: SemanticIndex | None, names: NameIndex | None = None
    ) -> None:
        self.kb = kb
        self.index = index
        self.embedder = index.embedder if index is not None else None
        self.items = ItemSearch(kb, index=index, names=names)
        self._position = {item.id: i for i, item in enumerate(kb.items)}
        # The knowledge never changes in a process, so a text's search result is a pure
        # function of it (and of whether the semantic stage runs): a turn that finds no
        # answer asks for the same search's suggestions, and people ask the same things.
        self._remembered = lru_cache(maxsize=SEARCH_MEMORY)(self._search_now)

    def warm(self) -> None:
        """Build the shared index now rather than on the first question that needs it."""
        if self.index is not None:
            self.index.build()

    @property
    def ready(self) -> bool:
        """Whether the embedding index is built (semantic search costs no build)."""
        return self.index is None or self.index.ready

    def retrieve(
        self,
        text: str,
        *,
        previous: Item | None = None,
        said: str | None = None,
        semantic: bool = True,
    ) -> list[Guide]:
        """The best guides for `text`; `previous` is the item the conversation was about,
        `said` the name the conversation called it by ("수박" of 과일).

        With `semantic=False` only the lexical item search runs (index not built yet).
        """
        if previous is None:
            guides = self._asked(text, semantic)
            located = located_state(text)
            if located is not None:  # "참치캔에 기름 남아있으면?": the can, with oil in it
                guides = self._located(*located, guides, semantic)
            else:  # "컵라면 용기 빨간 국물 배었는데": the container, soup soaked in
                guides = self._stated_after(text, guides, semantic)
        else:
            text = implied_soil(text)  # "씻어도 안 지워지면?": the dirt will not come off
            text = without_removed(text)  # "뼈 말고 살은?": the flesh
            alone = core(text)  # "and the label?" names "label"
            asked = alone if alone != text.strip().lower() else text
            named = self._asked(asked, semantic, strict=True)
            guides = self._follow_up(previous, text, named, semantic, said)
        if guides or not semantic or self.index is None:
            return self._cited(guides)
        return self._cited(self._semantic(text))

    def names_item(self, text: str, *, semantic: bool = True) -> bool:
        """Whether a message names an item of its own, beside the bins it guesses and the
        parts it sets aside ("종이랑 같이 내도 돼?" names none: it asks about the last one).

        The search is the one answering the message would run (remembered), so asking
        costs nothing more when the message turns out to be a new question.
        """
        return any(g.score >= STRONG for g in self._asked(text, semantic, strict=True))

    def _asked(self, text: str, semantic: bool, *, strict: bool = False) -> list[Guide]:
        """Lexical guides for what the question asks about: not the bin it guesses, nor a
        part it sets aside.

        "유리 반찬통은 유리병으로 버려?" is about the container, "투명 생수병 라벨 떼고
        어디에 버려요?" about the bottle; when nothing else is named ("라벨 떼고
        버려요?"), the whole question is searched, unless `strict` (a follow-up, whose
        guess or part is about the item before it).
        """
        guess = guessed_bin(self.kb, text)
        rest, removed = set_aside(guess[1] if guess else text)
        both = self._both(rest, semantic)
        if both:
            return both
        inside = contents_named(rest)
        if inside is not None:  # "선물세트 안에 든 플라스틱 틀": the tray, not the set
            held = self._lexical(inside, False)
            if held and held[0].score >= STRONG:
                return held
        if guess or removed:
            kept = self._lexical(rest, semantic)
            if strict or (kept and kept[0].score >= STRONG):
                return kept
        return self._lexical(text, semantic)

    def _located(self, thing: str, state: str, guides: list[Guide], semantic: bool) -> list[Guide]:
        """A thing named with 에 and the state it is in, read as the state of that thing
        (the follow-up reading), unless the whole question already leads with the thing
        or with a hazardous answer ("약병에 물약이 남아 있으면": the medicine)."""
        held = self._lexical(thing, False)
        if not held or held[0].item is None or held[0].score < STRONG:
            return guides
        item = held[0].item
        if guides and (guides[0].item == item or guides[0].category.slug == "hazardous"):
            return guides
        named = self._asked(core(state), semantic, strict=True)
        return self._follow_up(item, state, named, semantic, thing)

    def _stated_after(self, text: str, guides: list[Guide], semantic: bool) -> list[Guide]:
        """Read "X Y 배었는데" as "X에 Y 배었는데" when X is an item's name, unless X's last
        word and Y name the item the question leads with ("치킨 뼈 남았는데": the bones)."""
        for thing, state in stated_after(text):
            held = self._lexical(thing, False)
            if not held or held[0].item is None or held[0].score < SYNONYM_SCORE:
                continue
            across = self._lexical(f"{thing.split()[-1]} {state.split()[0]}", False)
            whole = across[0].item if across and across[0].score >= SYNONYM_SCORE else None
            if whole is not None and guides and guides[0].item == whole:
                return guides
            return self._located(thing, state, guides, semantic)
        return guides

    def _both(self, text: str, semantic: bool) -> list[Guide]:
        """The two items a question names side by side, the first named first ("귤껍질이랑
        양파껍질 중에 음식물은?" answers for the peel, then the onion skin), when each part
        names a different item clearly; else [].

        Searched together, the better-matched name would lead whichever was asked first.
        """
        pair = two_named(text)
        if pair is None:
            return []
        # each part is a short name: the lexical stage alone (no query embedding) suffices
        first, second = (self._lexical(part, False) for part in pair)
        if not (first and second) or first[0].item is None or second[0].item is None:
            return []
        if first[0].item == second[0].item or min(first[0].score, second[0].score) < STRONG:
            return []
        score = min(first[0].score, second[0].score)  # both cited, in the order named
        lead, item = first[0], first[0].item
        if lead.condition is None:  # "유리컵이랑 접시 깨진 거": a state said after both
            after = " ".join(pair[1].split()[1:])
            hit = self.items.judge(self._position[item.id], f"{pair[0]} {after}", score)
            lead = Guide(hit.category, hit.item, hit.condition, score, lead.via, hit.unsure)
        return [replace(lead, score=score), replace(second[0], score=score)]

    def _follow_up(
        self, previous: Item, text: str, guides: list[Guide], semantic: bool, said: str | None
    ) -> list[Guide]:
        """Guides for a follow-up: the previous item unless the message moves on.

        - A condition the message asserts applies to the previous item ("기름 묻었으면?"
          after 피자 상자 is about the pizza box, not cooking oil).
        - A part read in the previous item's context ("the cap" after a bottle: the
          bottle cap, not a hat; "그럼 뚜껑은?") when that reading beats the item itself.
        - An item the message names moves on to it ("그럼 소주병은?"); a message that
          points back ("how do I wash it?", "그건 어떻게 씻어요?") needs a clear name.
        - Otherwise the previous item stays in focus.
        """
        if fee_sticker_of(previous.category, text):  # the sofa's sticker, not sticker paper
            return [self._previous(previous)]
        if names_a_region(text):  # "안 묻은 뚜껑 쪽은?": a side of the pizza box, not a lid
            hit = self.items.judge(self._position[previous.id], core(text), STRONG)
            via: Via = "condition" if hit.condition else "item"
            return [Guide(hit.category, hit.item, hit.condition, STRONG, via, hit.unsure)]
        combined = self._in_context(previous, text, semantic, said)
        top = combined[0] if combined else None
        if top is not None and top.item == previous and top.condition is not None:
            return combined
        mine = next((g for g in combined if g.item == previous), None)
        if mine is not None and mine.condition is not None and says_the_one(text):
            return [mine]  # "비닐 코팅된 거면?" after 종이 쇼핑백: that bag, coated
        if top is not None and top.item == previous and holds_part(previous, said, text):
            return [top]  # "씨는?" after 수박: 수박씨 is a name of 과일 itself (soft seeds)
        if states_a_condition(text):  # "테이프 붙어 있으면?": the previous item, with tape
            mine = next((g for g in combined if g.item == previous), None)
            if top is not None and top.category.slug == "hazardous" and top.score >= STRONG:
                if top.score > (mine.score if mine else 0.0) and mine and not mine.condition:
                    return combined  # "안에 물약 남았으면?" after 약병: the medicine
            return [mine or self._previous(previous)]
        part = None
        if top is not None and top.item not in (None, previous) and top.score >= STRONG:
            if top.score >= score_of(combined, previous) + PART:
                part = top
        named = guides[0] if guides and guides[0].item not in (None, previous) else None
        if named is not None and named.score >= (CLEARLY if refers_back(text) else STRONG):
            # the lid of the jar just asked about, not the plastic cap "lid" names alone
            rival = part or (top if top is not None and top.item not in (None, previous) else None)
            if rival is not None and rival.item != named.item and rival.score >= STRONG:
                if rival.score > score_of(combined, named.item):
                    return combined
            return [self._of_previous(named, previous, text, said), *guides[1:]]
        if part is not None:
            return combined
        if top is not None and top.item == previous:
            return [top]  # not the neighbours the previous item's name pulled in
        return [self._previous(previous)]

    def _of_previous(self, part: Guide, previous: Item, text: str, said: str | None) -> Guide:
        """A part named alone, judged as the part of the item talked about: "병뚜껑은?"
        after 소주병 is a soju bottle's cap (metal), not a plastic cap."""
        if part.item is None or part.condition is not None or not names_a_part(text):
            return part
        name = said if said and hangul(said) == hangul(text) else None
        name = name or (previous.name_ko if hangul(text) else previous.name_en)
        hit = self.items.judge(self._position[part.item.id], f"{name} {core(text)}", part.score)
        if hit.condition is None:
            return part
        return Guide(hit.category, hit.item, hit.condition, part.score, "condition", hit.unsure)

    def _in_context(
        self, previous: Item, text: str, semantic: bool, said: str | None = None
    ) -> list[Guide]:
        """The follow-up searched with the previous item's name before it ("유리 소스병
        뚜껑은?"), or with its short everyday name ("잼병 뚜껑은?") when only that reads
        as a part of it: a material word in the full name can pull in another item.
        """
        korean = hangul(text)
        name = previous.name_ko if korean else previous.name_en
        if said and hangul(said) == korean:  # "수박" of 과일: a watermelon's seeds
            name = said
            split = split_part(key(said)) if names_a_part(text) else None
            if split and split[1] not in PACKAGING:  # "참외껍질" then "씨는?": 참외 씨
                name = split[0]  # (a 유리병's 뚜껑 is no 유리 뚜껑)
        combined = self._lexical(f"{name} {core(text)}", semantic)
        part = named_part(text)
        if part and not says_material(text) and not states_a_condition(text):
            # "뚜껑도 같이 버려도 돼?" after 참치캔: 참치캔 뚜껑, whatever the rest says
            alone = self._lexical(f"{name} {part}", False)
            best = combined[0].score if combined else 0.0
            if alone and alone[0].item not in (None, previous) and alone[0].score > best:
                combined = alone
        if not names_a_part(text) or (combined and combined[0].item not in (None, previous)):
            return combined
        for owner in owners(previous, korean):  # "살은?" after 닭 뼈: 치킨 살, not 닭 뼈 살
            other = self._lexical(f"{owner} {core(text)}", False)
            if other and other[0].item not in (None, previous) and other[0].score >= STRONG:
                return other
        if not korean:
            return combined
        short = min(
            (n for n in previous.synonyms_ko if " " not in n and len(n) >= 2 and hangul(n)),
            key=len,
            default=None,
        )
        if short is None or short in previous.name_ko:
            return combined
        other = self._lexical(f"{short} {core(text)}", False)
        return other if other and other[0].item not in (None, previous) else combined

    def _previous(self, previous: Item) -> Guide:
        return self._guide_for(previous, None, STRONG, "item")

    def suggestions(self, text: str, *, semantic: bool = True) -> tuple[str, ...]:
        """Names of the items nearest to a question no guide answers (to ask which one)."""
        return self._search(text, semantic).suggestions

    def guide_for(self, item_id: str | None, slug: str | None) -> Guide | None:
        """The guide for an item id or a category slug (from a scan result)."""
        if item_id and self.kb.has_item(item_id):
            item = self.kb.item(item_id)
            slug = slug if slug and self.kb.has_category(slug) else item.category
            return Guide(self.kb.category(slug), item, None, 1.0, "item")
        if slug and self.kb.has_category(slug):
            return Guide(self.kb.category(slug), None, None, 1.0, "category")
        return None

    def _guide_for(self, item: Item, cond: Condition | None, score: float, via: Via) -> Guide:
        slug = cond.category if cond else item.category
        return Guide(self.kb.category(slug), item, cond, score, via)

    def _search(self, text: str, semantic: bool) -> SearchResult:
        return self._remembered(text, semantic and self.ready)

    def _search_now(self, text: str, semantic: bool) -> SearchResult:
        return self.items.search(text, limit=4, semantic=semantic)

    def _lexical(self, text: str, semantic: bool) -> list[Guide]:
        return [
            Guide(
                h.category,
                h.item,
                h.condition,
                h.score,
                "condition" if h.condition else "item",
                h.unsure,
            )
            for h in self._search(text, semantic).hits
        ]

    def _semantic(self, text: str) -> list[Guide]:
        """Conditions and categories close to the question: only above the calibrated floor."""
        assert self.index is not None
        sims = self.index.doc_similarities(normalize(strip_fillers(text)) or text)
        guides: list[Guide] = []
        for i in np.argsort(-sims)[:6].tolist():
            sim = float(sims[i])
            if sim < SEMANTIC_FLOOR:
                break
            doc = self.index.docs[i]
            score = round((sim - SEMANTIC_FLOOR) * 3 + 0.5, 4)
            if doc.item is None:
                guides.append(Guide(self.kb.category(doc.slug), None, None, score, "semantic"))
                continue
            hit = self.items.judge(doc.item, text, score)  # conditions only when asserted
            guides.append(
                Guide(hit.category, hit.item, hit.condition, score, "semantic", hit.unsure)
            )
        return guides

    @staticmethod
    def _cited(guides: list[Guide]) -> list[Guide]:
        """The best guide, plus others nearly as good, one per item."""
        if not guides:
            return []
        best = guides[0].score
        cited: list[Guide] = []
        seen: set[str] = set()
        for guide in guides:
            name = guide.item.id if guide.item else f"category:{guide.category.slug}"
            if name in seen or guide.score < best - CLOSE:
                continue
            seen.add(name)
            cited.append(guide)
            if len(cited) == MAX_SOURCES:
                break
        return cited


def score_of(guides: list[Guide], item: Item | None) -> float:
    """The score of `item` among `guides`, 0 when it is not there."""
    return next((g.score for g in guides if g.item == item), 0.0)
