"""Item search: exact and synonym names, then jamo-aware fuzzy matching, then embeddings."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from ecoeco.knowledge.base import KnowledgeBase
from ecoeco.knowledge.embedding import Embedder, FloatArray
from ecoeco.knowledge.schema import Category, Condition, Item
from ecoeco.knowledge.text import key, ngrams, normalize, similarity, strip_fillers, to_jamo

MatchKind = Literal["exact", "synonym", "fuzzy", "semantic"]

EXACT_SCORE = 1.0
SYNONYM_SCORE = 0.95
FUZZY_MIN = 0.65  # below this a lexical match is not shown
STRONG_LEXICAL = 0.75  # at or above this the semantic fallback is skipped
SEMANTIC_MIN = 0.88  # e5 cosine below this is noise for short phrases
SEMANTIC_SCALE = 0.7  # semantic hits rank below any shown lexical hit
RERANK = 24  # n-gram candidates re-scored by edit distance
SUGGESTIONS = 5


@dataclass(frozen=True)
class SearchHit:
    """One matching item, its category, the conditions that can change it, and why it matched.

    When the query itself names a condition ("깨진 소주병"), `condition` is that
    condition and `category` is where it sends the item.
    """

    item: Item
    category: Category
    conditions: tuple[Condition, ...]
    score: float
    match: MatchKind
    condition: Condition | None = None


@dataclass(frozen=True)
class SearchResult:
    """Ranked hits, or none with suggestions of close names."""

    query: str
    hits: tuple[SearchHit, ...]
    suggestions: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _Name:
    """One indexed name of an item."""

    item: int
    key: str
    jamo: str
    primary: bool


class ItemSearch:
    """Ranks knowledge items for a free-text query in Korean or English."""

    def __init__(self, kb: KnowledgeBase, embedder: Embedder | None = None) -> None:
        self._kb = kb
        self._items = kb.items
        self._embedder = embedder
        self._names = self._index_names(kb.items)
        self._exact: dict[str, list[int]] = {}
        postings: dict[str, list[int]] = {}
        for n, name in enumerate(self._names):
            self._exact.setdefault(name.key, []).append(n)
            for gram in ngrams(name.jamo):
                postings.setdefault(gram, []).append(n)
        self._postings = {g: np.asarray(ids, dtype=np.int32) for g, ids in postings.items()}
        self._gram_counts = np.asarray([len(ngrams(n.jamo)) for n in self._names], np.float32)
        self._item_keys = [
            sorted({key(n) for n in item.all_names()}, key=len, reverse=True) for item in kb.items
        ]
        self._condition_keys = [
            [[key(w) for w in c.keywords if key(w)] for c in item.conditions] for item in kb.items
        ]
        self._matrix: FloatArray | None = None
        self._matrix_lock = threading.Lock()

    @staticmethod
    def _index_names(items: Sequence[Item]) -> list[_Name]:
        """Every distinct name key of every item."""
        names: list[_Name] = []
        for index, item in enumerate(items):
            primary = {key(item.name_ko), key(item.name_en)}
            for raw in dict.fromkeys(key(n) for n in item.all_names()):
                if raw:
                    names.append(_Name(index, raw, to_jamo(raw), raw in primary))
        return names

    def warm(self) -> None:
        """Build the item embedding matrix now instead of on the first semantic query."""
        self._item_matrix()

    def search(self, query: str, limit: int = 10) -> SearchResult:
        """Exact/synonym hits first, then fuzzy hits, then semantic hits if nothing strong."""
        limit = max(1, limit)
        cleaned = strip_fillers(query)
        qkey = key(cleaned)
        if not qkey:
            return SearchResult(query, ())
        scores: dict[int, tuple[float, MatchKind]] = {}
        for n in self._exact.get(qkey, []) or self._exact.get(key(query), []):
            name = self._names[n]
            kind: MatchKind = "exact" if name.primary else "synonym"
            self._offer(scores, name.item, EXACT_SCORE if name.primary else SYNONYM_SCORE, kind)
        fuzzy = self._fuzzy(qkey)
        for item, score in fuzzy.items():
            if score >= FUZZY_MIN:
                self._offer(scores, item, min(score, 0.9), "fuzzy")
        best = max((s for s, _ in scores.values()), default=0.0)
        if best < STRONG_LEXICAL and self._embedder is not None:
            for item, sim in self._semantic(normalize(cleaned), limit):
                self._offer(scores, item, sim * SEMANTIC_SCALE, "semantic")
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
        hits = tuple(self._hit(i, s, k, qkey) for i, (s, k) in ranked)
        if hits:
            return SearchResult(query, hits)
        return SearchResult(query, (), self._suggest(fuzzy))

    @staticmethod
    def _offer(
        scores: dict[int, tuple[float, MatchKind]], item: int, score: float, kind: MatchKind
    ) -> None:
        """Keep the best score per item."""
        if item not in scores or scores[item][0] < score:
            scores[item] = (score, kind)

    def _fuzzy(self, qkey: str) -> dict[int, float]:
        """Best lexical score per item from n-gram overlap, containment and jamo edit distance."""
        qjamo = to_jamo(qkey)
        grams = ngrams(qjamo)
        lists = [self._postings[g] for g in grams if g in self._postings]
        if not lists:
            return {}
        counts = np.bincount(np.concatenate(lists), minlength=len(self._names)).astype(np.float32)
        dice = 2.0 * counts / (self._gram_counts + len(grams))
        top = np.argpartition(-dice, min(RERANK, len(dice) - 1))[:RERANK]
        best: dict[int, float] = {}
        for n in top.tolist():
            if dice[n] <= 0.2:
                continue
            name = self._names[n]
            edit = similarity(qjamo, name.jamo) - (0.1 if len(qjamo) < 5 else 0.0)
            score = max(edit, float(dice[n]) * 0.9, self._containment(qkey, name.key))
            score += 0.05 * max(edit, 0.0)  # break ties towards the closer spelling
            if score > best.get(name.item, 0.0):
                best[name.item] = score
        for n in np.flatnonzero(counts >= max(2, len(grams) // 3)).tolist():
            name = self._names[n]
            contained = self._containment(qkey, name.key)
            if contained > best.get(name.item, 0.0):
                best[name.item] = contained
        return best

    @staticmethod
    def _containment(qkey: str, nkey: str) -> float:
        """Score for the name inside the query, or the query inside the name (partial word)."""
        if len(nkey) >= 2 and nkey in qkey:
            return 0.72 + 0.18 * len(nkey) / len(qkey)
        if len(qkey) >= 2 and qkey in nkey:
            bonus = 0.05 if nkey.startswith(qkey) else 0.0
            return 0.62 + 0.2 * len(qkey) / len(nkey) + bonus
        return 0.0

    def _semantic(self, text: str, limit: int) -> list[tuple[int, float]]:
        """Items whose embedding is close to the query's."""
        assert self._embedder is not None
        matrix = self._item_matrix()
        sims = matrix @ self._embedder.embed([text])[0]
        order = np.argsort(-sims)[:limit]
        return [(int(i), float(sims[i])) for i in order if sims[i] >= SEMANTIC_MIN]

    def _item_matrix(self) -> FloatArray:
        """Embeddings of every item's names, built once."""
        if self._embedder is None:
            raise RuntimeError("ItemSearch has no embedder")
        with self._matrix_lock:
            if self._matrix is None:
                texts = [
                    ", ".join([i.name_ko, *i.synonyms_ko[:6], *i.names_en[:2]]) for i in self._items
                ]
                self._matrix = self._embedder.embed(texts)
            return self._matrix

    def _suggest(self, fuzzy: dict[int, float]) -> tuple[str, ...]:
        """Korean names of the closest items, even when too far to be hits."""
        ranked = sorted(fuzzy.items(), key=lambda kv: -kv[1])[:SUGGESTIONS]
        return tuple(self._items[i].name_ko for i, _ in ranked)

    def _hit(self, index: int, score: float, kind: MatchKind, qkey: str) -> SearchHit:
        """Assemble a hit for item `index`, applying a condition the query names."""
        item = self._items[index]
        condition = self._named_condition(index, qkey)
        slug = condition.category if condition else item.category
        category = self._kb.category(slug)
        return SearchHit(item, category, tuple(item.conditions), round(score, 4), kind, condition)

    def _named_condition(self, index: int, qkey: str) -> Condition | None:
        """The item's condition whose keywords appear in the query words besides the item's name."""
        contained = [k for k in self._item_keys[index] if k in qkey]
        if not contained:
            return None
        leftover = qkey.replace(max(contained, key=len), "")
        if not leftover:
            return None
        for cond, words in zip(
            self._items[index].conditions, self._condition_keys[index], strict=True
        ):
            if any(word in leftover for word in words):
                return cond
        return None
