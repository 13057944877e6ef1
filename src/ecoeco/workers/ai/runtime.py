"""What the ai worker builds once per process: the pipeline over the model and knowledge."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from ecoeco.core.cache import Cache
from ecoeco.core.container import Container
from ecoeco.knowledge import KnowledgeBase, NameIndex, SemanticIndex
from ecoeco.workers.ai.adapters.factory import LazyClassifier
from ecoeco.workers.ai.pipeline import ScanPipeline
from ecoeco.workers.ai.ports import Classifier, VisionError
from ecoeco.workers.ai.settings import AiSettings
from ecoeco.workers.ai.vision import VisionPolicy

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AiRuntime:
    """The scan pipeline, and how many deliveries a scan gets before it is failed."""

    pipeline: ScanPipeline
    max_retries: int
    cache: Cache


async def load(classifier: LazyClassifier) -> Classifier | None:
    """The classifier with its model loaded; None (and logged) when it cannot load."""
    try:
        await asyncio.to_thread(classifier.warm)
    except VisionError as exc:  # scans with a photo then fail with a reason to show
        log.error("image model unavailable: %s", exc.reason)
        return None
    return classifier


@asynccontextmanager
async def build(
    container: Container,
    settings: AiSettings,
    kb: KnowledgeBase,
    classifier: Classifier | None,
    index: SemanticIndex | None = None,
    names: NameIndex | None = None,
) -> AsyncIterator[AiRuntime]:
    """The pipeline for this process; `classifier` already loaded (None: no image model).

    Typed hints are searched with the process's shared knowledge index (lexical until
    it is built, which starts here in the background when nothing else has built it).
    """
    if index is not None and not index.ready:
        threading.Thread(target=index.build_quietly, name="knowledge-index", daemon=True).start()
    pipeline = ScanPipeline(
        kb,
        classifier,
        index=index,
        names=names,
        storage=container.storage,
        hub=container.hub,
        cache=container.cache,
        batcher=container.batcher,
        policy=VisionPolicy(
            top_k=settings.top_k,
            timeout=settings.vision_timeout_seconds,
            retries=settings.vision_max_retries,
            backoff=settings.vision_backoff_seconds,
        ),
        confident_score=settings.confident_score,
    )
    yield AiRuntime(pipeline, max_retries=container.settings.bus_max_retries, cache=container.cache)
