"""Sweep the search thresholds over the evaluation sets, everything else fixed.

python -m tests.eval.calibrate            # SEMANTIC_INTRO, STRONG (items), SEMANTIC_FLOOR (chat)

For each value it prints the share of queries answered right, answered with a wrong
category ("confidently wrong"), left unanswered ("not sure": no item, or no cited
source) and, for items, the out-of-domain queries that rightly got no item. The
values are set on the modules for the sweep only; the shipped ones are unchanged.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ecoeco.chat import retrieval
from ecoeco.chat.lookups import Lookups
from ecoeco.chat.runtime import build_assistant
from ecoeco.chat.settings import ChatSettings
from ecoeco.composition import Shared
from ecoeco.core.internal import ServiceLinks
from ecoeco.core.settings import CoreSettings
from ecoeco.info.finder import ItemFinder
from ecoeco.knowledge import search
from tests.eval.harness import NONE, Case, Score, first_source, load, score
from tests.eval.run import CACHE

INTRO = (0.86, 0.88, 0.89, 0.9, 0.905, 0.92, 1.01)  # 1.01: the semantic stage adds nothing
STRONG = (0.7, 0.74, 0.76, 0.78, 0.8, 0.82)
FLOOR = (0.86, 0.88, 0.9, 0.92, 0.94)


@contextmanager
def _set(module: object, name: str, value: float) -> Iterator[None]:
    before = getattr(module, name)
    setattr(module, name, value)
    try:
        yield
    finally:
        setattr(module, name, before)


def _row(label: str, result: Score, out_of_domain: bool) -> str:
    total = sum(v for k, v in result.total.items() if "/" not in k)
    wrong = sum(1 for case, got in result.misses if got != NONE)
    unsure = sum(1 for case, got in result.misses if got == NONE)
    cells = [label, f"{result.accuracy():.1%}", f"{wrong / total:.1%}", f"{unsure / total:.1%}"]
    if out_of_domain:
        cells.append(f"{result.accuracy('out_of_domain'):.1%}")
    return "| " + " | ".join(cells) + " |"


async def main() -> None:
    shared = Shared(CACHE)
    kb, index = shared.knowledge, shared.index
    finder = ItemFinder(kb, index)
    with tempfile.TemporaryDirectory() as data:
        links = ServiceLinks(CoreSettings(data_dir=Path(data), env="test"))
        assistant = build_assistant(
            ChatSettings(), kb, index, Lookups(links, timeout=1.0), links.http
        )
    await asyncio.to_thread(assistant.warm)
    finder.start_warming()
    while not finder.semantic_ready:
        await asyncio.sleep(0.1)
    items, chat = load("items"), load("chat")

    async def top(case: Case) -> str | None:
        found = await finder.search(case.q, 10)
        return found.hits[0].category.slug if found.hits else None

    async def first(case: Case) -> str | None:
        return await first_source(assistant, case)

    print(f"knowledge {kb.version}: {len(kb.items)} items, {len(items)} queries")  # noqa: T201
    for name, values in (("SEMANTIC_INTRO", INTRO), ("STRONG", STRONG)):
        print(f"\n| `{name}` | right | confidently wrong | not sure | out-of-domain right |")  # noqa: T201
        print("|---|---|---|---|---|")  # noqa: T201
        for value in values:
            with _set(search, name, value):
                print(_row(str(value), await score(items, top), True))  # noqa: T201
    print(f"\nchat: {len(chat)} questions")  # noqa: T201
    print("\n| `SEMANTIC_FLOOR` | right | confidently wrong | no source |\n|---|---|---|---|")  # noqa: T201
    for value in FLOOR:
        with _set(retrieval, "SEMANTIC_FLOOR", value):
            print(_row(str(value), await score(chat, first), False))  # noqa: T201


if __name__ == "__main__":
    asyncio.run(main())
