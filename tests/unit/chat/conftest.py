"""Shared fixtures for chat unit tests: the real knowledge base and embedding model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ecoeco.chat.assistant import Assistant
from ecoeco.chat.intents import IntentClassifier
from ecoeco.chat.retrieval import Retriever
from ecoeco.knowledge import CachedEmbedder, E5Embedder, SemanticIndex, cache_file, load_knowledge


@pytest.fixture(scope="session")
def indexes(request: pytest.FixtureRequest) -> Iterator[tuple[object, object, CachedEmbedder]]:
    """Retriever, classifier and embedder, vectors cached between runs."""
    directory = Path(request.config.cache.mkdir("chat-embeddings"))
    kb = load_knowledge()
    embedder = CachedEmbedder(E5Embedder(), cache_file(directory, kb.version))
    yield Retriever(kb, SemanticIndex(kb, embedder)), IntentClassifier(embedder), embedder
    embedder.save()


@pytest.fixture(scope="session")
def assistant(indexes: tuple[object, object, CachedEmbedder]) -> Assistant:
    """The warmed-up assistant without neighbouring services (disposal answers only)."""
    retriever, classifier, _ = indexes
    assert isinstance(retriever, Retriever)
    assert isinstance(classifier, IntentClassifier)
    ready = Assistant(retriever.kb, retriever, classifier, lookups=None)  # type: ignore[arg-type]
    ready.warm()
    return ready
