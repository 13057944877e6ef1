"""What the scan service builds once per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from ecoeco.contracts.uploads import ImageIntake
from ecoeco.core.cache import Cache
from ecoeco.core.container import Container, runtime_of
from ecoeco.core.events import EventHub
from ecoeco.core.ratelimit import RateLimiter
from ecoeco.core.storage import ObjectStorage
from ecoeco.knowledge import KnowledgeBase
from ecoeco.scan.backlog import PipelineBacklog
from ecoeco.scan.settings import ScanSettings


@dataclass(frozen=True)
class ScanRuntime:
    """Settings, the knowledge base, and the adapters scan endpoints and handlers use."""

    settings: ScanSettings
    kb: KnowledgeBase
    cache: Cache
    hub: EventHub
    storage: ObjectStorage
    label: str
    limiter: RateLimiter
    intake: ImageIntake | None
    backlog: PipelineBacklog


@asynccontextmanager
async def build(
    container: Container,
    settings: ScanSettings,
    kb: KnowledgeBase,
    intake: ImageIntake | None,
) -> AsyncIterator[ScanRuntime]:
    """The scan runtime; `intake` when this process also validates uploads."""
    yield ScanRuntime(
        settings=settings,
        kb=kb,
        cache=container.cache,
        hub=container.hub,
        storage=container.storage,
        label=container.label,
        limiter=RateLimiter(container.cache, "scan"),
        intake=intake,
        backlog=PipelineBacklog(settings),
    )


ScanDep = Annotated[ScanRuntime, Depends(runtime_of(ScanRuntime))]
