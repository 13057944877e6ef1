"""What the chat service builds once per process: the assistant over the shared knowledge index."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends

from ecoeco.chat.assistant import Assistant
from ecoeco.chat.intents import IntentClassifier
from ecoeco.chat.llm import ChatLLM
from ecoeco.chat.lookups import Lookups
from ecoeco.chat.retrieval import Retriever
from ecoeco.chat.settings import ChatSettings
from ecoeco.core.cache import Cache
from ecoeco.core.container import Container, runtime_of
from ecoeco.core.db import Database
from ecoeco.core.http import HttpClients
from ecoeco.core.ratelimit import RateLimiter
from ecoeco.core.security.tokens import TokenVerifier
from ecoeco.knowledge import KnowledgeBase, NameIndex, SemanticIndex


@dataclass
class ChatRuntime:
    """The assistant and what the chat endpoints need around it."""

    settings: ChatSettings
    assistant: Assistant
    db: Database
    cache: Cache
    limiter: RateLimiter
    verifier: TokenVerifier
    label: str
    warming: asyncio.Task[None] | None = field(default=None, repr=False)

    async def ready_assistant(self) -> Assistant:
        """The assistant, after waiting a little for a start-up warm-up still running."""
        warming = self.warming
        if warming is not None and not warming.done():
            try:
                await asyncio.wait_for(asyncio.shield(warming), self.settings.warm_wait_seconds)
            except TimeoutError:
                pass  # answer now with the lexical search; the index keeps building
        return self.assistant


def build_assistant(
    settings: ChatSettings,
    kb: KnowledgeBase,
    index: SemanticIndex,
    lookups: Lookups,
    http: HttpClients,
    names: NameIndex | None = None,
) -> Assistant:
    """The assistant over the shared index, asking other services through `lookups`."""
    llm = None
    if settings.llm_base_url:
        llm = ChatLLM(
            settings.llm_base_url,
            settings.llm_model,
            http,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout_seconds,
            first_token_timeout=settings.llm_first_token_seconds,
        )
    retriever = Retriever(kb, index, names)
    return Assistant(
        kb,
        retriever,
        IntentClassifier(index.embedder),
        lookups=lookups,
        llm=llm,
        chunk_chars=settings.chunk_chars,
        scan_wait=settings.scan_wait_seconds,
        scan_poll=settings.scan_poll_seconds,
    )


@asynccontextmanager
async def build(
    container: Container,
    settings: ChatSettings,
    kb: KnowledgeBase,
    index: SemanticIndex,
    names: NameIndex | None = None,
) -> AsyncIterator[ChatRuntime]:
    """Create the assistant and start embedding the knowledge base.

    With `warm_on_start` (the default outside tests) the index is built now and
    requests wait up to `warm_wait_seconds` for it (the on-disk vector cache makes
    it quick); otherwise it is built in the background on first need. Until it is
    ready, answers use the lexical item search only.
    """
    lookups = Lookups(container.links, timeout=settings.lookup_timeout_seconds)
    runtime = ChatRuntime(
        settings=settings,
        assistant=build_assistant(settings, kb, index, lookups, container.http, names),
        db=container.db,
        cache=container.cache,
        limiter=RateLimiter(container.cache, "chat"),
        verifier=container.verifier,
        label=container.label,
    )
    if settings.warm_on_start:
        runtime.warming = asyncio.create_task(asyncio.to_thread(runtime.assistant.warm))
    try:
        yield runtime
    finally:
        if runtime.warming is not None:
            runtime.warming.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await runtime.warming
        save = getattr(index.embedder, "save", None)  # vectors computed lazily since start-up
        if callable(save):
            await asyncio.to_thread(save)


ChatDep = Annotated[ChatRuntime, Depends(runtime_of(ChatRuntime))]
