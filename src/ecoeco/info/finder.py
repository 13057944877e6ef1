"""Item search for the API over the process's shared knowledge index."""

from __future__ import annotations

import threading

from ecoeco.core.cpu import run_cpu
from ecoeco.knowledge import ItemSearch, KnowledgeBase, NameIndex, SearchResult, SemanticIndex


class ItemFinder:
    """Ranks knowledge items for a query; the semantic stage joins once the index is built.

    The index is the process's one (the composition root builds it); info, chat and
    scan all search with it.
    """

    def __init__(
        self, kb: KnowledgeBase, index: SemanticIndex | None, names: NameIndex | None = None
    ) -> None:
        self.kb = kb
        self.index = index
        self.items = ItemSearch(kb, index=index, names=names)
        self._warming: threading.Thread | None = None
        self._lock = threading.Lock()

    def start_warming(self) -> None:
        """Build the shared index in a background thread (once; a no-op when built)."""
        with self._lock:
            if self._warming is not None or self.index is None or self.index.ready:
                return
            self._warming = threading.Thread(
                target=self.index.build_quietly, name="knowledge-index", daemon=True
            )
        self._warming.start()

    @property
    def semantic_ready(self) -> bool:
        """True once the semantic stage is in use."""
        return self.items.semantic

    async def search(self, query: str, limit: int) -> SearchResult:
        """Lexical search inline (about a millisecond); with the index, off the event loop."""
        if not self.items.semantic:
            return self.items.search(query, limit)
        return await run_cpu("search", self.items.search, query, limit)
