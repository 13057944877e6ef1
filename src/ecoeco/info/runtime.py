"""The info service's per-process state: settings, knowledge base and item finder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends

from ecoeco.core.container import Container
from ecoeco.core.deps import ContainerDep
from ecoeco.core.settings import Environment
from ecoeco.info.finder import ItemFinder
from ecoeco.info.settings import InfoSettings
from ecoeco.knowledge import KnowledgeBase, load_knowledge

_KEY = "info"


@dataclass(frozen=True)
class InfoRuntime:
    """What the info endpoints and jobs share within one process."""

    settings: InfoSettings
    kb: KnowledgeBase
    finder: ItemFinder

    def semantic_enabled(self, env: Environment) -> bool:
        """Whether to warm the embedding fallback (default: everywhere but tests)."""
        if self.settings.semantic_search is not None:
            return self.settings.semantic_search
        return env is not Environment.test


def info_runtime(container: Container) -> InfoRuntime:
    """The runtime of this container, built on first use."""
    runtime = container.extras.get(_KEY)
    if not isinstance(runtime, InfoRuntime):
        kb = load_knowledge()
        runtime = InfoRuntime(InfoSettings(), kb, ItemFinder(kb))
        container.extras[_KEY] = runtime
    return runtime


async def start_info(container: Container) -> None:
    """Startup hook: load the knowledge base, start warming the item embeddings."""
    runtime = info_runtime(container)
    if runtime.semantic_enabled(container.settings.env):
        runtime.finder.start_warming()


def _runtime(container: ContainerDep) -> InfoRuntime:
    return info_runtime(container)


InfoDep = Annotated[InfoRuntime, Depends(_runtime)]
