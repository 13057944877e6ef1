"""What the console builds once per process: its settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from ecoeco.console.settings import ConsoleSettings
from ecoeco.core.container import Container, runtime_of


@dataclass(frozen=True)
class ConsoleRuntime:
    """The console's settings (map tiles, where the map starts)."""

    settings: ConsoleSettings


@asynccontextmanager
async def build(_container: Container, settings: ConsoleSettings) -> AsyncIterator[ConsoleRuntime]:
    """The console runtime; nothing to release."""
    yield ConsoleRuntime(settings)


ConsoleDep = Annotated[ConsoleRuntime, Depends(runtime_of(ConsoleRuntime))]
