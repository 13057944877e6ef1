"""What one process builds once and every app in it shares; the root decides its lifetime.

A production process runs one app, so "once per process" and "once per app" agree; a
test session runs hundreds of apps in one process and hands them all one `Shared`,
which is what keeps the models from loading again for each.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from pydantic_settings import BaseSettings

from ecoeco.knowledge import (
    CachedEmbedder,
    E5Embedder,
    Embedder,
    KnowledgeBase,
    NameIndex,
    SemanticIndex,
    cache_file,
    load_knowledge,
)
from ecoeco.workers.ai.adapters.factory import LazyClassifier, build_classifier, cache_key
from ecoeco.workers.ai.settings import AiSettings

S = TypeVar("S", bound=BaseSettings)


class Shared:
    """The knowledge base, the one embedding index, the names index, and the loaded image models.

    `index` and `names` are what info, chat and scan search with; each is built once per
    process (the index from the on-disk vector cache when the data version has been seen
    before).
    """

    def __init__(self, embedding_cache_dir: Path) -> None:
        self.embedding_cache_dir = embedding_cache_dir
        self._classifiers: dict[str, LazyClassifier] = {}
        self._lock = threading.Lock()

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The shipped knowledge base."""
        return load_knowledge()

    @cached_property
    def embedder(self) -> Embedder:
        """The process's text embedder; vectors of the index persist per data version."""
        path = cache_file(self.embedding_cache_dir, self.knowledge.version)
        return CachedEmbedder(E5Embedder(), path)

    @cached_property
    def names(self) -> NameIndex:
        """The lexical index of every item's names that info, chat and scan search with."""
        return NameIndex(self.knowledge.items)

    @cached_property
    def index(self) -> SemanticIndex:
        """The one embedding index info, chat and scan search with (built on first need)."""
        return SemanticIndex(self.knowledge, self.embedder)

    def classifier(self, settings: AiSettings) -> LazyClassifier:
        """The image classifier for this configuration, one per process (loads lazily)."""
        key = cache_key(settings)
        with self._lock:
            found = self._classifiers.get(key)
            if found is None:
                found = self._classifiers[key] = build_classifier(settings, self.knowledge)
            return found


class Configured:
    """Each service's settings for one app: given ones first, else read from the environment.

    Tests choose behaviour by passing settings objects here; nothing in a service
    branches on where it runs.
    """

    def __init__(self, given: tuple[BaseSettings, ...] = ()) -> None:
        self._found: dict[type[BaseSettings], BaseSettings] = {type(s): s for s in given}

    def get(self, kind: type[S]) -> S:
        """The settings of that class, read once."""
        found = self._found.get(kind)
        if not isinstance(found, kind):
            found = kind()
            self._found[kind] = found
        return found
