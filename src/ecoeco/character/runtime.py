"""What the character service builds once per process: settings, catalogue, points rule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from ecoeco.character.catalogue import Catalogue, load_catalogue
from ecoeco.character.rules import PointsRule
from ecoeco.character.settings import CharacterSettings
from ecoeco.core.cache import Cache
from ecoeco.core.container import Container, runtime_of
from ecoeco.core.security.pseudonyms import erasure_key


@dataclass
class CharacterRuntime:
    """The catalogue and rule every endpoint and handler of the service uses."""

    settings: CharacterSettings
    catalogue: Catalogue
    rule: PointsRule
    cache: Cache
    key: bytes
    """Keys the pseudonyms collector rows (and tombstones) are stored under."""


@asynccontextmanager
async def build(
    container: Container, settings: CharacterSettings
) -> AsyncIterator[CharacterRuntime]:
    """Read the catalogue and the rule once per process; fail loudly if invalid."""
    yield CharacterRuntime(
        settings=settings,
        catalogue=load_catalogue(settings.catalogue_file),
        rule=PointsRule.from_settings(settings),
        cache=container.cache,
        key=erasure_key(container.settings),
    )


CharacterDep = Annotated[CharacterRuntime, Depends(runtime_of(CharacterRuntime))]
