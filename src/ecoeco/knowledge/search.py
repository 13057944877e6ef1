"""Item search: lexical evidence first, the shared embedding index to reorder, honest when unsure.

1. Lexical evidence per item (`lexical.NameIndex`): whole names, names as words of
   the query, partial words, typos.
2. The semantic stage (when the shared `SemanticIndex` is ready and the lexical
   evidence is not decisive: `ItemSearch._decisive`) may *reorder* close lexical
   candidates. It may bring in an item of a category no lexical signal supports only
   when its cosine clears `SEMANTIC_INTRO` (calibrated on the evaluation set:
   docs/knowledge.md), and a supported one at `SEMANTIC_SUPPORTED`.
3. The best candidate is an answer only with score `STRONG`; hazardous and food
   answers need `STRONGEST` unless the query names the item exactly. Otherwise the
   result is "not sure": no hits, `suggestions` names the near candidates.
4. The conditions the query asserts change the category (`conditions.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np

from ecoeco.knowledge.base import KnowledgeBase
from ecoeco.knowledge.conditions import (
    HAZARD_SLUGS,
    HAZARD_WORDS,
    QueryText,
    common_condition,
    denies,
    read_conditions,
    stuck_dirt,
)
from ecoeco.knowledge.embedding import Embedder
from ecoeco.knowledge.errands import errand
from ecoeco.knowledge.evidence import Evidence
from ecoeco.knowledge.guesses import without_guess, without_place
from ecoeco.knowledge.index import SemanticIndex
from ecoeco.knowledge.lexical import NameIndex
from ecoeco.knowledge.packaging import overruled
from ecoeco.knowledge.schema import Category, Condition, Item
from ecoeco.knowledge.shapes import POINTERS, forms
from ecoeco.knowledge.spacing import english_apart, first_of_pair, spaced
from ecoeco.knowledge.spelling import Speller, condition_words
from ecoeco.knowledge.states import CLEANABLE, STUCK_DIRT
from ecoeco.knowledge.text import key, normalize, strip_fillers, without_measure

MatchKind = Literal["exact", "synonym", "fuzzy", "semantic"]

SHOWN = 0.65  # lexical candidates below this are never hits
STRONG = 0.78  # the best candidate needs this to be an answer (calibrated)
STRONGEST = 0.85  # ... and this for hazardous or food, unless named exactly
SEMANTIC_SUPPORTED = 0.885  # cosine to add an item of a category lexically supported
SEMANTIC_INTRO = 0.905  # cosine to add an item of a category nothing lexical supports
SUPPORT = 0.8  # lexical evidence this good (a name as a word) supports its category
CLOSE = 0.08  # lexical candidates this close to the best may be reordered
REORDER_WEIGHT = 1.0  # how much cosine differences move close candidates
SEMANTIC_TOP = 5
SUGGESTIONS = 5
CAREFUL = frozenset({"hazardous", "food"})  # answers that need the strongest evidence
HAZARD_CLOSE = 0.06  # a hazardous candidate this close to a harmless best one leads
CAREFUL_MARGIN = 0.01  # ... so their semantic floors are higher
SPELLING_COST = 0.04  # a query read with a misspelt word corrected
DENIED_HAZARD = 0.05  # a hazardous item named for a hazard the query denies ("수은 없는")


@dataclass(frozen=True)
class SearchHit:
    """One matching item, its category, the conditions that can change it, and why it matched.

    When the query itself asserts a condition ("깨진 소주병"), `condition` is that
    condition and `category` is where it sends the item. `unsure` is a condition
    that would move the item into or out of hazardous waste and that the query
    leaves undecided ("체온계": mercury or digital?): ask before trusting `category`.
    """

    item: Item
    category: Category
    conditions: tuple[Condition, ...]
    score: float
    match: MatchKind
    condition: Condition | None = None
    unsure: Condition | None = None


@dataclass(frozen=True)
class SearchResult:
    """Ranked hits, or none ("not sure") with the names of the near candidates."""

    query: str
    hits: tuple[SearchHit, ...]
    suggestions: tuple[str, ...] = field(default=())


@dataclass
class _Candidate:
    score: float
    kind: MatchKind
    exact: bool  # the query names the item (whole query or a whole word of it)


class ItemSearch:
    """Ranks knowledge items for a free-text query in Korean or English."""

    def __init__(
        self,
        kb: KnowledgeBase,
        embedder: Embedder | None = None,
        *,
        index: SemanticIndex | None = None,
        names: NameIndex | None = None,
    ) -> None:
        """`names` is the process's lexical index when it has one (else built here)."""
        self._kb = kb
        self._items = kb.items
        if index is None and embedder is not None:
            index = SemanticIndex(kb, embedder)
        self.index = index
        self.names = names if names is not None else NameIndex(kb.items)
        self._known = (self.names.vocabulary, self.names.exact)  # words of names, names
        stated = condition_words(kb.items)
        self.speller = Speller(self.names.vocabulary, stated, self.names.exact)
        # English words of names and of conditions: "greasypizzabox" is read apart by them
        english = {w for w in (*self.names.vocabulary, *stated) if w.isascii()}
        self._english = (english, self.names.exact)
        # Only primary names hide keywords: a synonym that holds one ("전신거울") implies it.
        self._primary_keys = [(key(i.name_ko), *(key(n) for n in i.names_en[:1])) for i in kb.items]
        self._harmless = [_harmless_reading(i) for i in kb.items]
        self._named_hazard = [_names_a_hazard(i) for i in kb.items]

    def warm(self) -> None:
        """Build the shared index now instead of on the first semantic query."""
        if self.index is not None:
            self.index.build()

    @property
    def semantic(self) -> bool:
        """Whether the semantic stage runs (an index is given and built)."""
        return self.index is not None and self.index.ready

    def search(self, query: str, limit: int = 10, *, semantic: bool | None = None) -> SearchResult:
        """Ranked hits, or "not sure" with suggestions; `semantic=False` forces lexical only."""
        limit = max(1, limit)
        typed = english_apart(strip_fillers(query, particles=False), *self._english)
        cleaned = spaced(typed, *self._known)  # "유리병깨진거", "greasypizzabox"
        cleaned = without_place(cleaned, spaced(query, *self._known))  # "변기에 버려도 돼?"
        cleaned = without_measure(without_guess(cleaned))  # "닭뼈음식물쓰레기?": 닭뼈
        cleaned = first_of_pair(cleaned, self.names.vocabulary)  # "당근 꼭지랑 껍질"
        text = QueryText(cleaned)
        fixed = self.speller.correct(text.words)
        # "price tag", "황사마스크" and a name misspelt ("영수중", no "영수 중": doing 영수) are
        # names, no errands
        spoken = (key(query), *([key(" ".join(fixed))] if fixed else []))
        named = any(k in self.names.exact for k in spoken)
        if not text.compact or (errand(normalize(query)) and not named):  # "가구 추천해줘"
            return SearchResult(query, ())
        if fixed is None:
            evidence = self.names.evidence(text, (key(strip_fillers(query)), key(query)))
        else:  # "케이크 상짜": read as 케이크 상자, a little less sure
            text = QueryText(" ".join(fixed))
            evidence = {
                i: Evidence(e.score - SPELLING_COST, "fuzzy", e.named or e.kind != "fuzzy")
                for i, e in self.names.evidence(text, (text.compact,)).items()
            }
        candidates = {
            i: _Candidate(e.score, _kind(e), e.named)
            for i, e in evidence.items()
            if e.score >= SHOWN
        }
        if denies(text, HAZARD_WORDS):  # "수은 없는 혈압계": not the one named for mercury
            for i, candidate in candidates.items():
                if self._named_hazard[i]:
                    candidate.score -= DENIED_HAZARD
        use_semantic = self.semantic if semantic is None else semantic and self.index is not None
        ranked = sorted(candidates.items(), key=lambda kv: (-kv[1].score, kv[0]))
        if use_semantic and not self._decisive(ranked):
            said = normalize(cleaned) if fixed is None else " ".join(fixed)  # as corrected
            self._semantic(said, evidence, candidates)
            ranked = sorted(candidates.items(), key=lambda kv: (-kv[1].score, kv[0]))
        if not ranked:
            return SearchResult(query, (), self._suggest(ranked, evidence, text))
        first = self._hit(*ranked[0], text)
        if not self._sure(first, ranked[0][1]):  # the rest are never built
            return SearchResult(query, (), self._suggest(ranked, evidence, text))
        hits = (first, *(self._hit(i, c, text) for i, c in ranked[1:limit]))
        readings = [self._reading_of(i, text.compact, c) for i, c in ranked[:limit]]
        return SearchResult(query, _hazard_first(hits, readings))

    def judge(self, item_index: int, query: str, score: float) -> SearchHit:
        """A hit for an item found some other way (a semantic document), conditions read as usual.

        A condition is applied only when `query` asserts it, never because a document
        describing it was near.
        """
        text = QueryText(strip_fillers(query, particles=False))
        return self._hit(item_index, _Candidate(score, "semantic", False), text)

    def _decisive(self, ranked: list[tuple[int, _Candidate]]) -> bool:
        """Whether the lexical evidence settles the answer, so the query needs no embedding.

        It does when a name matches exactly, or when the query names the best candidate
        as a word, that candidate is an answer (`STRONG`), and nothing within `CLOSE` of
        it is named too or belongs to another category. Then reordering the close
        candidates cannot change the category nor demote the one item the query names,
        and a semantic newcomer (scored `STRONG + cosine - floor`) would pass the named
        answer only at a cosine of `SEMANTIC_SUPPORTED + best - STRONG` or more: 0.965
        for a best of 0.86, where short phrases of different things do not reach.
        """
        if not ranked:
            return False
        if any(c.kind in ("exact", "synonym") for _, c in ranked):
            return True
        best_index, best = ranked[0]
        if not best.exact or best.score < STRONG:
            return False
        category = self._items[best_index].category
        for i, candidate in ranked[1:]:
            if candidate.score < best.score - CLOSE:
                break
            if candidate.exact or self._items[i].category != category:
                return False
        return True

    def _semantic(
        self, text: str, evidence: dict[int, Evidence], candidates: dict[int, _Candidate]
    ) -> None:
        """Reorder close lexical candidates by cosine; add items only above the thresholds."""
        assert self.index is not None
        sims = self.index.item_similarities(text)
        best = max((c.score for c in candidates.values()), default=0.0)
        close = [i for i, c in candidates.items() if c.score >= best - CLOSE]
        if len(close) > 1:
            top = max(float(sims[i]) for i in close)
            for i in close:
                candidates[i].score += REORDER_WEIGHT * (float(sims[i]) - top) / 2
        supported = {self._items[i].category for i, e in evidence.items() if e.score >= SUPPORT}
        for i in np.argsort(-sims)[:SEMANTIC_TOP].tolist():
            sim = float(sims[i])
            category = self._items[i].category
            floor = SEMANTIC_SUPPORTED if category in supported else SEMANTIC_INTRO
            floor += CAREFUL_MARGIN if category in CAREFUL else 0.0
            if sim < floor:
                continue
            score = STRONG + (sim - floor)
            known = candidates.get(i)
            if known is None or known.score < score:
                candidates[i] = _Candidate(score, "semantic", False)

    def _reading_of(self, index: int, compact: str, candidate: _Candidate) -> bool:
        """Whether the item is one reading of the query: a longer name holding all of it."""
        return not candidate.exact and any(
            compact in key(name) for name in self._items[index].all_names()
        )

    @staticmethod
    def _sure(hit: SearchHit, candidate: _Candidate) -> bool:
        """Whether the best candidate is good enough to answer with."""
        if candidate.score < STRONG:
            return False
        if hit.category.slug in CAREFUL and not candidate.exact:
            return candidate.score >= STRONGEST or candidate.kind == "semantic"
        return True

    def _suggest(
        self, ranked: list[tuple[int, _Candidate]], evidence: dict[int, Evidence], text: QueryText
    ) -> tuple[str, ...]:
        """Korean names of the nearest candidates, even when too far to be hits, that
        share some letters with what the query names.

        "통은 어떻게 버려?" suggests 아이스크림 통, not 공 or 국물 (a jamo edit away
        from 통); "이거 어디에 버려요?" names nothing, so it suggests nothing.
        """
        grams = _grams(text.words)
        order = [i for i, _ in ranked]
        order += [i for i, _ in sorted(evidence.items(), key=lambda kv: -kv[1].score)]
        shared = (i for i in order if any(_shares(grams, n) for n in self._items[i].all_names()))
        names = dict.fromkeys(self._items[i].name_ko for i in shared)
        return tuple(list(names)[:SUGGESTIONS])

    def _hit(self, index: int, candidate: _Candidate, text: QueryText) -> SearchHit:
        """Assemble a hit for item `index`, applying a condition the query asserts."""
        item = self._items[index]
        reading = read_conditions(text, item.conditions, self._primary_keys[index])
        condition = reading.applied
        if condition is not None and overruled(item.category, condition.category, text.words):
            condition = None  # "유리병 뚜껑은 플라스틱인데": the cap the user has is plastic
        if condition is None and item.category in CLEANABLE and stuck_dirt(text):
            condition = STUCK_DIRT  # an item with no dirt condition of its own
        if condition is None and reading.unsure is None:
            keys = self._primary_keys[index]
            condition = common_condition(text, item.category, item.conditions, keys)
        elif condition is not None and _made_recyclable(item, condition):
            # "양념 묻은 플라스틱 그릇": what the material makes it, then the dirt on it
            condition = _soiled(text, condition, self._primary_keys[index]) or condition
        unsure = reading.unsure if self._hazard_at_stake(item, reading.unsure) else None
        harmless = self._harmless[index]
        if unsure is None and condition is None and harmless is not None:
            if denies(text, HAZARD_WORDS):  # "thermometer without mercury"
                condition = harmless
            elif not any(w in text.compact for w in HAZARD_WORDS):  # "체온계": ask
                unsure = harmless
        slug = condition.category if condition else item.category
        return SearchHit(
            item,
            self._kb.category(slug),
            tuple(item.conditions),
            round(min(candidate.score, 1.0), 4),
            candidate.kind,
            condition,
            unsure,
        )

    @staticmethod
    def _hazard_at_stake(item: Item, condition: Condition | None) -> bool:
        """Whether deciding `condition` moves the item into or out of hazardous waste."""
        if condition is None:
            return False
        return (condition.category in HAZARD_SLUGS) != (item.category in HAZARD_SLUGS)


def _made_recyclable(item: Item, condition: Condition) -> bool:
    """Whether a condition makes the item a cleanable recyclable it is not by itself."""
    return condition.category in CLEANABLE and condition.category != item.category


def _soiled(text: QueryText, condition: Condition, keys: tuple[str, ...]) -> Condition | None:
    """The dirt a recyclable of the condition's bin would be sent to the bag for."""
    if stuck_dirt(text):
        return STUCK_DIRT
    return common_condition(text, condition.category, (), keys)


def _names_a_hazard(item: Item) -> bool:
    """Whether the item is hazardous because its name says so ("수은 혈압계")."""
    primary = normalize(f"{item.name_ko} {item.name_en}")
    return item.category in HAZARD_SLUGS and any(w in primary for w in HAZARD_WORDS)


def _grams(words: list[str]) -> frozenset[str]:
    """What a suggestion must share with the query: the query's one-syllable nouns, the
    letter pairs of its Korean words and the letter triples of its English words (a typo
    keeps most of them: 베터리 and 배터리 share 터리), particles and "이거" left out."""
    grams: set[str] = set()
    for word in words:
        stem = min(forms(word), key=len)
        if stem in POINTERS:
            continue
        size = 3 if stem.isascii() else 2
        if len(stem) < size and not stem.isascii():
            grams.add(stem)
        grams.update(stem[i : i + size] for i in range(len(stem) - size + 1))
    return frozenset(grams)


def _shares(grams: frozenset[str], name: str) -> bool:
    named = key(name)
    return any(gram in named for gram in grams)


def _harmless_reading(item: Item) -> Condition | None:
    """For an item whose name states a hazard ("수은 체온계"), the condition that takes it
    out of hazardous waste: undecided when a query names only the thing ("체온계")."""
    primary = normalize(f"{item.name_ko} {item.name_en}")
    if item.category not in HAZARD_SLUGS or not any(w in primary for w in HAZARD_WORDS):
        return None
    return next((c for c in item.conditions if c.category not in HAZARD_SLUGS), None)


def _hazard_first(hits: tuple[SearchHit, ...], readings: list[bool]) -> tuple[SearchHit, ...]:
    """A hazardous reading as likely as a harmless best one leads, with a question.

    "체온계" is part of both 수은 체온계 and 디지털 체온계: answering the digital one
    would silently send mercury to the appliance bin, so the mercury one leads and
    `unsure` says what the other reading would change. (`readings[n]`: hit n is a
    longer name holding the whole query, not a name the query states.)
    """
    top = hits[0]
    if top.category.slug in HAZARD_SLUGS or not readings[0]:
        return hits
    for n, hit in enumerate(hits[1:], 1):
        close = hit.score >= top.score - HAZARD_CLOSE
        if hit.category.slug in HAZARD_SLUGS and close and readings[n]:
            other = Condition(
                when_ko=top.item.name_ko, when_en=top.item.name_en, category=top.category.slug
            )
            first = replace(hit, unsure=hit.unsure or other)
            return (first, *hits[:n], *hits[n + 1 :])
    return hits


def _kind(evidence: Evidence) -> MatchKind:
    if evidence.kind == "exact":
        return "exact"
    if evidence.kind == "synonym":
        return "synonym"
    return "fuzzy"
