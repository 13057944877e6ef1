"""The one embedding index over the knowledge base that item search, chat and scan share.

It holds a vector for every item (its names), every condition, every category and
every common mistake. The composition root builds one per process; `build()` embeds
the texts once (or reads them from the embedder's on-disk cache for this data
version) and loads the model; until then `ready` is false and callers stay lexical.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ecoeco.knowledge.base import KnowledgeBase
from ecoeco.knowledge.embedding import Embedder, FloatArray
from ecoeco.knowledge.schema import Condition, Item

log = logging.getLogger(__name__)

DocKind = Literal["item", "condition", "category"]


@dataclass(frozen=True)
class Doc:
    """One embedded text and what it points at."""

    text: str
    slug: str
    item: int | None
    condition: Condition | None
    kind: DocKind


def item_text(item: Item) -> str:
    """The text an item is embedded as: its Korean names, then two English ones."""
    return ", ".join([item.name_ko, *item.synonyms_ko[:6], *item.names_en[:2]])


def documents(kb: KnowledgeBase) -> list[Doc]:
    """Items, their conditions, categories and common mistakes as short texts."""
    docs: list[Doc] = []
    for n, item in enumerate(kb.items):
        docs.append(Doc(item_text(item), item.category, n, None, "item"))
        for cond in item.conditions:
            text = f"{cond.when_ko} {item.name_ko} ({cond.when_en} {item.name_en})"
            docs.append(Doc(text, cond.category, n, cond, "condition"))
    for cat in kb.categories:
        text = f"{cat.name_ko} ({cat.name_en}): {', '.join(cat.belongs)}"
        docs.append(Doc(text, cat.slug, None, None, "category"))
        for wrong in cat.not_belong:
            docs.append(Doc(wrong.what, wrong.goes_to, None, None, "category"))
    return docs


class SemanticIndex:
    """Vectors of every knowledge text, and cosine similarity of a query against them."""

    def __init__(self, kb: KnowledgeBase, embedder: Embedder) -> None:
        self.kb = kb
        self.embedder = embedder
        self.docs = tuple(documents(kb))
        self._item_rows = np.asarray(
            [i for i, d in enumerate(self.docs) if d.kind == "item"], dtype=np.int64
        )
        self._matrix: FloatArray | None = None
        self._items: FloatArray | None = None
        self._lock = threading.Lock()
        self.build_seconds: float | None = None

    @property
    def ready(self) -> bool:
        """Whether the vectors are built and the model loaded (no query waits on either)."""
        return self._matrix is not None

    def build(self) -> None:
        """Embed every text (or read the cached vectors) and load the model; once."""
        with self._lock:
            if self._matrix is not None:
                return
            started = time.perf_counter()
            matrix = self.embedder.embed([d.text for d in self.docs])
            load = getattr(self.embedder, "load", None)
            if callable(load):
                load()
            save = getattr(self.embedder, "save", None)
            if callable(save):
                save()
            self._items = np.ascontiguousarray(matrix[self._item_rows])
            self._matrix = matrix
            self.build_seconds = time.perf_counter() - started
        log.info("knowledge index ready in %.1f s", self.build_seconds)

    def build_quietly(self) -> None:
        """`build()`, logging a failure instead of raising (background threads)."""
        try:
            self.build()
        except Exception:
            log.exception("building the knowledge index failed; search stays lexical")

    def vector(self, text: str) -> FloatArray:
        """The query's vector (the embedder remembers recent ones)."""
        vector: FloatArray = self.embedder.embed([text])[0]
        return vector

    def item_similarities(self, text: str) -> FloatArray:
        """Cosine of the query against every item, in `kb.items` order."""
        self.build()
        assert self._items is not None
        sims: FloatArray = self._items @ self.vector(text)
        return sims

    def doc_similarities(self, text: str) -> FloatArray:
        """Cosine of the query against every document, in `docs` order."""
        self.build()
        assert self._matrix is not None
        sims: FloatArray = self._matrix @ self.vector(text)
        return sims
