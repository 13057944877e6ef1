"""Fixtures: a fake OpenAI-compatible server on 127.0.0.1, and the knowledge base."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ecoeco.knowledge import KnowledgeBase, load_knowledge
from tests.fakes.openai_server import FakeOpenAI


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge base."""
    return load_knowledge()


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A fresh fake server that checks the API key `sk-test`."""
    with FakeOpenAI(api_key="sk-test", model="fake-vision") as fake:
        yield fake
