"""Run the knowledge evaluation through the real item search and chat assistant.

python -m tests.eval.run            # semantic stage warmed, as in production
python -m tests.eval.run --lexical  # item search without embeddings (chat unchanged)
python -m tests.eval.run --misses   # also list every wrong answer
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from ecoeco.chat.assistant import Assistant
from ecoeco.chat.lookups import Lookups
from ecoeco.chat.runtime import build_assistant
from ecoeco.chat.settings import ChatSettings
from ecoeco.composition import Shared
from ecoeco.core.internal import ServiceLinks
from ecoeco.core.settings import CoreSettings
from ecoeco.info.finder import ItemFinder
from tests.eval.harness import Case, Score, first_source, load, score

CACHE = Path(".pytest_cache") / "d" / "chat-embeddings"  # shared with the test suite


async def item_score(finder: ItemFinder, section: str = "kinds") -> Score:
    """Top-1 category of `GET /info/items` (the finder the endpoint calls)."""

    async def top(case: Case) -> str | None:
        result = await finder.search(case.q, 10)
        return result.hits[0].category.slug if result.hits else None

    return await score(load("items", section), top)


async def chat_score(assistant: Assistant) -> Score:
    """Category of the first cited source of each answer."""

    async def first(case: Case) -> str | None:
        return await first_source(assistant, case)

    return await score(load("chat"), first)


async def main(lexical: bool, misses: bool) -> None:
    shared = Shared(CACHE)
    started = time.perf_counter()
    kb, index = shared.knowledge, shared.index
    finder = ItemFinder(kb, None if lexical else index)
    with tempfile.TemporaryDirectory() as data:
        links = ServiceLinks(CoreSettings(data_dir=Path(data), env="test"))
        lookups = Lookups(links, timeout=1.0)
        assistant = build_assistant(ChatSettings(), kb, index, lookups, links.http)
    await asyncio.to_thread(assistant.warm)
    if not lexical:
        finder.start_warming()
        while not finder.semantic_ready:
            await asyncio.sleep(0.1)
    save = getattr(index.embedder, "save", None)
    if callable(save):
        save()
    took = time.perf_counter() - started
    print(f"knowledge {kb.version}: {len(kb.items)} items; warm {took:.1f}s")  # noqa: T201
    for title, result in (
        ("items top-1 category" + (" (lexical)" if lexical else ""), await item_score(finder)),
        ("chat first cited source", await chat_score(assistant)),
        ("items that vary by district (scored apart)", await item_score(finder, "open")),
    ):
        text = result.report(title)
        print(text if misses else text.split("\n  wrong", 1)[0])  # noqa: T201


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lexical", action="store_true")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    asyncio.run(main(args.lexical, args.misses))
