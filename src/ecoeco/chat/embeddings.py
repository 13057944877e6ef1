"""An embedder that remembers vectors: in memory for queries, on disk for the index."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from ecoeco.knowledge import Embedder
from ecoeco.knowledge.embedding import FloatArray

log = logging.getLogger(__name__)

QUERY_CACHE = 2048


class CachedEmbedder:
    """Wraps an embedder; index texts persist to an `.npz` file, queries to an LRU."""

    def __init__(self, inner: Embedder, path: Path | None = None) -> None:
        self.inner = inner
        self.path = path
        self._lock = threading.Lock()
        self._vectors: dict[str, FloatArray] = {}
        self._recent: OrderedDict[str, FloatArray] = OrderedDict()
        self._dirty = False
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                texts = [str(t) for t in data["texts"]]
                matrix = np.asarray(data["vectors"], dtype=np.float32)
        except (OSError, ValueError, KeyError):
            log.warning("ignoring unreadable embedding cache", extra={"path": str(path)})
            return
        self._vectors = {t: matrix[i] for i, t in enumerate(texts)}

    def embed(self, texts: list[str]) -> FloatArray:
        """Embed `texts`, computing only those not seen before."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if self._lookup(t) is None]
        if missing:
            fresh = self.inner.embed(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    self._remember(text, vector, persistent=len(texts) > 1)
        with self._lock:
            rows = [self._lookup(t) for t in texts]
        return np.stack([r for r in rows if r is not None]).astype(np.float32, copy=False)

    def _lookup(self, text: str) -> FloatArray | None:
        vector = self._vectors.get(text)
        if vector is None:
            vector = self._recent.get(text)
            if vector is not None:
                self._recent.move_to_end(text)
        return vector

    def _remember(self, text: str, vector: FloatArray, *, persistent: bool) -> None:
        if persistent:
            self._vectors[text] = vector
            self._dirty = True
            return
        self._recent[text] = vector
        if len(self._recent) > QUERY_CACHE:
            self._recent.popitem(last=False)

    def save(self) -> None:
        """Write the index vectors to disk when new ones were computed."""
        with self._lock:
            if self.path is None or not self._dirty or not self._vectors:
                return
            texts = list(self._vectors)
            matrix = np.stack([self._vectors[t] for t in texts])
            self._dirty = False
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(f".{threading.get_ident()}.tmp.npz")
        np.savez(partial, texts=np.asarray(texts), vectors=matrix)
        partial.replace(self.path)


def cache_file(directory: Path, version: str) -> Path:
    """Where the vectors of one knowledge-base version are kept."""
    digest = hashlib.sha256(version.encode()).hexdigest()[:16]
    return directory / f"chat-embeddings-{digest}.npz"
