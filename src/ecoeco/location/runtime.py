"""What the location service builds once per process: its settings, its clock, demo data."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from fastapi import Depends

from ecoeco.core.container import Container, runtime_of
from ecoeco.core.db import utcnow
from ecoeco.location.demo import seed_demo_on_first_start
from ecoeco.location.settings import LocationSettings


@dataclass
class LocationRuntime:
    """Settings and the clock "open now" is judged by."""

    settings: LocationSettings
    clock: Callable[[], datetime] = field(default=utcnow)


@asynccontextmanager
async def build(container: Container, settings: LocationSettings) -> AsyncIterator[LocationRuntime]:
    """Load the synthetic demo set into an empty embedded database, then serve."""
    if container.settings.embedded and settings.demo_on_first_start:
        await seed_demo_on_first_start(container.db, settings.demo_count)
    yield LocationRuntime(settings)


LocationDep = Annotated[LocationRuntime, Depends(runtime_of(LocationRuntime))]
