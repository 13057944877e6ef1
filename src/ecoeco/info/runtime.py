"""What the info service builds once per process: settings, knowledge base, item finder."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from ecoeco.core.cache import Cache
from ecoeco.core.container import Container, runtime_of
from ecoeco.core.db import Database
from ecoeco.core.http import HttpClients
from ecoeco.info.collector import collect_news_forever, feed_client
from ecoeco.info.finder import ItemFinder
from ecoeco.info.settings import InfoSettings
from ecoeco.knowledge import KnowledgeBase, NameIndex, SemanticIndex


@dataclass(frozen=True)
class InfoRuntime:
    """What the info endpoints and jobs share within one process."""

    settings: InfoSettings
    kb: KnowledgeBase
    finder: ItemFinder
    db: Database
    cache: Cache
    http: HttpClients  # the process's pooled clients (the feed client among them)


@asynccontextmanager
async def build(
    container: Container,
    settings: InfoSettings,
    kb: KnowledgeBase,
    index: SemanticIndex,
    *,
    names: NameIndex | None = None,
    warm: bool = True,
) -> AsyncIterator[InfoRuntime]:
    """The finder over the process's shared index; with `warm`, the index builds now in
    the background (not in a process that only runs info's scheduled jobs)."""
    finder = ItemFinder(kb, index if settings.semantic_search else None, names)
    if warm:
        finder.start_warming()
    yield InfoRuntime(settings, kb, finder, container.db, container.cache, container.http)


async def collect_news(runtime: InfoRuntime) -> None:
    """The scheduled news collection (run by the relay, or the embedded process)."""
    client = runtime.http.named("news-feeds", lambda: feed_client(runtime.settings))
    await collect_news_forever(runtime.db, runtime.cache, runtime.settings, client)


InfoDep = Annotated[InfoRuntime, Depends(runtime_of(InfoRuntime))]
