"""What the storage worker builds once per process: the image intake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from ecoeco.core.container import Container, runtime_of
from ecoeco.core.ratelimit import RateLimiter
from ecoeco.workers.storage.intake import ImageIntake
from ecoeco.workers.storage.settings import StorageSettings


@dataclass(frozen=True)
class StorageRuntime:
    """The intake that validates uploads and stores their derivatives."""

    intake: ImageIntake


def build_intake(container: Container, settings: StorageSettings) -> ImageIntake:
    """The process's intake (the root also hands it to scan when both run here)."""
    return ImageIntake(
        container.storage,
        settings.limits(),
        concurrent_decodes=settings.concurrent_decodes,
        decode_wait_seconds=settings.decode_wait_seconds,
        limiter=RateLimiter(container.cache, "storage"),
        per_user=settings.upload_limits(),
    )


@asynccontextmanager
async def build(_container: Container, intake: ImageIntake) -> AsyncIterator[StorageRuntime]:
    """The storage runtime around the process's intake."""
    yield StorageRuntime(intake)


StorageDep = Annotated[StorageRuntime, Depends(runtime_of(StorageRuntime))]
