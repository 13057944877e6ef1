"""Retrieval over the knowledge base: item search first, an embedding index behind it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ecoeco.knowledge import Category, Condition, Embedder, Item, ItemSearch, KnowledgeBase
from ecoeco.knowledge.embedding import FloatArray
from ecoeco.knowledge.text import normalize, strip_fillers

Via = Literal["item", "condition", "category", "semantic"]

STRONG = 0.75  # a lexical hit this good needs no embeddings
SEMANTIC_FLOOR = 0.82  # cosine below this is not a match for a whole question
CLOSE = 0.04  # other hits this close to the best are cited too
MAX_SOURCES = 2


@dataclass(frozen=True)
class Guide:
    """One piece of the knowledge base an answer is built from."""

    category: Category
    item: Item | None
    condition: Condition | None
    score: float
    via: Via


@dataclass(frozen=True)
class _Doc:
    """One embedded text of the index and what it points at."""

    text: str
    slug: str
    item: int | None
    condition: Condition | None
    via: Via


class Retriever:
    """Finds the guides that answer a disposal question, in Korean or English."""

    def __init__(self, kb: KnowledgeBase, embedder: Embedder | None) -> None:
        self.kb = kb
        self.embedder = embedder
        self.items = ItemSearch(kb, embedder)
        self.lexical = ItemSearch(kb, None) if embedder is not None else self.items
        self._index = {item.id: n for n, item in enumerate(kb.items)}
        self._docs = self._documents(kb)
        self._matrix: FloatArray | None = None
        self._lock = threading.Lock()

    @staticmethod
    def _documents(kb: KnowledgeBase) -> list[_Doc]:
        """Items, their conditions, categories and common mistakes as short texts."""
        docs: list[_Doc] = []
        for n, item in enumerate(kb.items):
            names = ", ".join([item.name_ko, *item.synonyms_ko[:6], *item.names_en[:2]])
            docs.append(_Doc(names, item.category, n, None, "item"))
            for cond in item.conditions:
                text = f"{cond.when_ko} {item.name_ko} ({cond.when_en} {item.name_en})"
                docs.append(_Doc(text, cond.category, n, cond, "condition"))
        for cat in kb.categories:
            text = f"{cat.name_ko} ({cat.name_en}): {', '.join(cat.belongs)}"
            docs.append(_Doc(text, cat.slug, None, None, "category"))
            for wrong in cat.not_belong:
                docs.append(_Doc(wrong.what, wrong.goes_to, None, None, "category"))
        return docs

    def warm(self) -> None:
        """Embed the whole index now rather than on the first question that needs it."""
        self.items.warm()
        self._doc_matrix()

    @property
    def ready(self) -> bool:
        """Whether the embedding index is built (semantic search costs no build)."""
        return self.embedder is None or self._matrix is not None

    def _doc_matrix(self) -> FloatArray:
        if self.embedder is None:
            raise RuntimeError("Retriever has no embedder")
        with self._lock:
            if self._matrix is None:
                self._matrix = self.embedder.embed([d.text for d in self._docs])
            return self._matrix

    def retrieve(
        self, text: str, *, previous: Item | None = None, semantic: bool = True
    ) -> list[Guide]:
        """The best guides for `text`; `previous` is the item the conversation was about.

        With `semantic=False` only the lexical item search runs (index not built yet).
        """
        guides = self._lexical(text, semantic)
        if previous is not None:
            new_item = bool(guides) and guides[0].score >= STRONG and guides[0].item != previous
            if not new_item:
                combined = self._lexical(f"{previous.name_ko} {text}", semantic)
                if combined and combined[0].score >= STRONG:
                    guides = combined
                elif not guides:
                    guides = [self._guide_for(previous, None, STRONG, "item")]
        if (guides and guides[0].score >= STRONG) or not semantic:
            return self._cited(guides)
        merged = {self._key(g): g for g in self._semantic(text)}
        for guide in guides:
            known = merged.get(self._key(guide))
            if known is None or known.score < guide.score:
                merged[self._key(guide)] = guide
        return self._cited(sorted(merged.values(), key=lambda g: -g.score))

    def guide_for(self, item_id: str | None, slug: str | None) -> Guide | None:
        """The guide for an item id or a category slug (from a scan result)."""
        if item_id and self.kb.has_item(item_id):
            item = self.kb.item(item_id)
            slug = slug if slug and self.kb.has_category(slug) else item.category
            return Guide(self.kb.category(slug), item, None, 1.0, "item")
        if slug and self.kb.has_category(slug):
            return Guide(self.kb.category(slug), None, None, 1.0, "category")
        return None

    @staticmethod
    def _key(guide: Guide) -> tuple[str, str]:
        return guide.item.id if guide.item else "", guide.category.slug

    def _guide_for(self, item: Item, cond: Condition | None, score: float, via: Via) -> Guide:
        slug = cond.category if cond else item.category
        return Guide(self.kb.category(slug), item, cond, score, via)

    def _lexical(self, text: str, semantic: bool) -> list[Guide]:
        result = (self.items if semantic else self.lexical).search(text, limit=4)
        return [
            Guide(h.category, h.item, h.condition, h.score, "condition" if h.condition else "item")
            for h in result.hits
        ]

    def _semantic(self, text: str) -> list[Guide]:
        if self.embedder is None:
            return []
        matrix = self._doc_matrix()
        query = self.embedder.embed([normalize(strip_fillers(text)) or text])[0]
        sims = matrix @ query
        order = np.argsort(-sims)[:6]
        guides: list[Guide] = []
        for i in order.tolist():
            sim = float(sims[i])
            if sim < SEMANTIC_FLOOR:
                break
            doc = self._docs[i]
            item = self.kb.items[doc.item] if doc.item is not None else None
            score = round((sim - SEMANTIC_FLOOR) * 3 + 0.5, 4)
            guides.append(Guide(self.kb.category(doc.slug), item, doc.condition, score, "semantic"))
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


def mentioned_category(kb: KnowledgeBase, text: str) -> Category | None:
    """A category the person names in the question ("음식물이야?"), if any."""
    folded = normalize(text).replace(" ", "")
    aliases = {
        "음식물": "food",
        "foodwaste": "food",
        "일반쓰레기": "general",
        "종량제": "general",
        "generalwaste": "general",
        "재활용": "",
        "플라스틱": "plastic",
        "비닐": "vinyl",
        "유리": "glass",
        "캔": "metal",
        "종이": "paper",
    }
    for alias, slug in aliases.items():
        if alias in folded and slug and kb.has_category(slug):
            return kb.category(slug)
    return None
