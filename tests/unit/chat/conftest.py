"""Shared fixtures for chat unit tests: the real knowledge base and embedding model."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ecoeco.chat.assistant import Assistant
from ecoeco.chat.embeddings import CachedEmbedder
from ecoeco.chat.runtime import _indexes


@pytest.fixture(scope="session")
def indexes(request: pytest.FixtureRequest) -> Iterator[tuple[object, object, CachedEmbedder]]:
    """Retriever, classifier and embedder, vectors cached between runs."""
    directory = Path(request.config.cache.mkdir("chat-embeddings"))
    found = _indexes(directory)
    yield found
    found[2].save()


@pytest.fixture(scope="session")
def assistant(indexes: tuple[object, object, CachedEmbedder]) -> Assistant:
    """The warmed-up assistant without neighbouring services (disposal answers only)."""
    retriever, classifier, _ = indexes
    from ecoeco.chat.intents import IntentClassifier
    from ecoeco.chat.retrieval import Retriever

    assert isinstance(retriever, Retriever)
    assert isinstance(classifier, IntentClassifier)
    ready = Assistant(retriever.kb, retriever, classifier, lookups=None)  # type: ignore[arg-type]
    ready.warm()
    return ready
