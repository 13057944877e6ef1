"""Item search for the API: lexical at once, the semantic fallback once its embeddings are warm."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

from ecoeco.knowledge import E5Embedder, ItemSearch, KnowledgeBase, SearchResult

log = logging.getLogger(__name__)

# The indexes, the embedding model and the item matrix are process-wide: built once, whatever the
# number of apps a process starts (tests start many), and never on the request path.
_lexical: dict[str, ItemSearch] = {}
_warm: dict[str, ItemSearch] = {}
_warming: set[str] = set()
_lock = threading.Lock()


def _build_semantic(kb: KnowledgeBase) -> None:
    """Embed every item (seconds of CPU) and publish the semantic search when done."""
    started = time.perf_counter()
    try:
        search = ItemSearch(kb, embedder=E5Embedder())
        search.warm()
    except Exception:
        log.exception("item embeddings failed; item search stays lexical")
    else:
        with _lock:
            _warm[kb.version] = search
        log.info("item embeddings ready in %.1f s", time.perf_counter() - started)
    finally:
        with _lock:
            _warming.discard(kb.version)


class ItemFinder:
    """Ranks knowledge items for a query; adds the semantic fallback when it is ready."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        with _lock:
            if kb.version not in _lexical:
                _lexical[kb.version] = ItemSearch(kb)
            self._lexical = _lexical[kb.version]

    def start_warming(self) -> None:
        """Build the item embeddings in a background thread, once per process."""
        with _lock:
            if self.kb.version in _warm or self.kb.version in _warming:
                return
            _warming.add(self.kb.version)
        thread = threading.Thread(
            target=_build_semantic, args=(self.kb,), name="info-item-embeddings", daemon=True
        )
        thread.start()

    @property
    def semantic_ready(self) -> bool:
        """True once the semantic fallback is in use."""
        return self.kb.version in _warm

    async def search(self, query: str, limit: int) -> SearchResult:
        """Lexical search inline (about a millisecond); with embeddings, off the event loop."""
        semantic = _warm.get(self.kb.version)
        if semantic is None:
            return self._lexical.search(query, limit)
        return await asyncio.to_thread(semantic.search, query, limit)
