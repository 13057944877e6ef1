"""Building the assistant once per process and keeping it in the container."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

from ecoeco.chat.assistant import Assistant
from ecoeco.chat.embeddings import CachedEmbedder, cache_file
from ecoeco.chat.intents import IntentClassifier
from ecoeco.chat.llm import ChatLLM
from ecoeco.chat.lookups import Lookups
from ecoeco.chat.retrieval import Retriever
from ecoeco.chat.settings import ChatSettings
from ecoeco.core.container import Container
from ecoeco.core.settings import Environment
from ecoeco.knowledge import E5Embedder, load_knowledge

log = logging.getLogger(__name__)

ASSISTANT = "chat.assistant"
WARMING = "chat.warming"
SETTINGS = "chat.settings"

_shared: dict[tuple[str, str], tuple[Retriever, IntentClassifier, CachedEmbedder]] = {}
_shared_lock = threading.Lock()


def _indexes(directory: Path) -> tuple[Retriever, IntentClassifier, CachedEmbedder]:
    """The retriever and classifier, shared by every app in the process."""
    kb = load_knowledge()
    with _shared_lock:
        found = _shared.get((kb.version, str(directory)))
        if found is None:
            embedder = CachedEmbedder(E5Embedder(), cache_file(directory, kb.version))
            found = (Retriever(kb, embedder), IntentClassifier(embedder), embedder)
            _shared[(kb.version, str(directory))] = found
        return found


def build_assistant(container: Container, settings: ChatSettings) -> Assistant:
    """The assistant for this container: shared indexes, its own service clients."""
    directory = settings.embedding_cache_dir or container.settings.data_dir / "cache"
    retriever, classifier, _ = _indexes(directory)
    llm = None
    if settings.llm_base_url:
        llm = ChatLLM(
            settings.llm_base_url,
            settings.llm_model,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout_seconds,
            first_token_timeout=settings.llm_first_token_seconds,
        )
    return Assistant(
        retriever.kb,
        retriever,
        classifier,
        lookups=Lookups(container, timeout=settings.lookup_timeout_seconds),
        llm=llm,
        chunk_chars=settings.chunk_chars,
        scan_wait=settings.scan_wait_seconds,
        scan_poll=settings.scan_poll_seconds,
    )


def settings_of(container: Container) -> ChatSettings:
    """The chat settings, read from the environment once per container."""
    settings = container.extras.get(SETTINGS)
    if not isinstance(settings, ChatSettings):
        settings = container.extras[SETTINGS] = ChatSettings()
    return settings


async def start_assistant(container: Container) -> None:
    """Create the assistant and start embedding the knowledge base.

    With `warm_on_start` (the default outside tests) the index is built now and
    requests wait up to `warm_wait_seconds` for it (the on-disk vector cache makes
    it quick); otherwise it is built in the background on first need. Until it is
    ready, answers use the lexical item search only.
    """
    settings = settings_of(container)
    assistant = build_assistant(container, settings)
    container.extras[ASSISTANT] = assistant
    warm = settings.warm_on_start
    if warm if warm is not None else container.settings.env is not Environment.test:
        container.extras[WARMING] = asyncio.create_task(asyncio.to_thread(assistant.warm))


async def assistant_of(container: Container) -> Assistant:
    """The assistant (waits a little for a start-up warm-up still running)."""
    assistant = container.extras.get(ASSISTANT)
    if assistant is None:
        await start_assistant(container)
        assistant = container.extras[ASSISTANT]
    warming = container.extras.get(WARMING)
    if isinstance(warming, asyncio.Task) and not warming.done():
        try:
            await asyncio.wait_for(
                asyncio.shield(warming), settings_of(container).warm_wait_seconds
            )
        except TimeoutError:
            pass  # answer now with the lexical search; the index keeps building
    assert isinstance(assistant, Assistant)
    return assistant


async def save_embeddings(container: Container) -> None:
    """Persist vectors computed lazily since start-up."""
    assistant = container.extras.get(ASSISTANT)
    if isinstance(assistant, Assistant) and isinstance(
        assistant.retriever.embedder, CachedEmbedder
    ):
        await asyncio.to_thread(assistant.retriever.embedder.save)
