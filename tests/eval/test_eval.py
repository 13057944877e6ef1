"""The knowledge evaluation through the app: items over HTTP, chat through its assistant.

The floors are the figures main reaches, less a little: a change that makes answers
worse fails here. Raise them when the figures rise (`python -m tests.eval.run`).
"""

from __future__ import annotations

import asyncio

import pytest

from ecoeco.chat.runtime import ChatRuntime
from ecoeco.info import InfoRuntime
from tests.conftest import AppFactory, RunningApp, eventually
from tests.eval.harness import NONE, Case, Score, first_source, load, score

ITEMS_FLOOR = 0.97
CHAT_FLOOR = 0.94
OUT_OF_DOMAIN_FLOOR = 1.0  # items: a query about nothing returns no item


def test_sets_are_large_distinct_and_cover_every_kind() -> None:
    items, chat = load("items"), load("chat")
    assert len(items) >= 400
    assert len(chat) >= 100
    for cases in (items, chat):
        assert len({c.q for c in cases}) == len(cases)
        assert {c.kind for c in cases} >= {
            "food_exception", "condition", "negation", "packaging", "misspelling",
            "english", "out_of_domain",
        }  # fmt: skip
        assert all(c.expect == NONE for c in cases if "out_of_domain" in (c.kind, c.tag))
    varying = load("items", "open")  # answers left to the district office: scored apart
    assert len({c.q for c in varying}) == len(varying)
    assert not {c.q for c in varying} & {c.q for c in items}


async def _items(running: RunningApp) -> Score:
    async def top(case: Case) -> str | None:
        response = await running.client.get("/api/v1/info/items", params={"q": case.q})
        if response.status_code == 422:  # nothing searchable in it ("!!!"): no item either
            return None
        assert response.status_code == 200, response.text
        found = response.json()["items"]
        return str(found[0]["category"]["slug"]) if found else None

    return await score(load("items"), top)


async def _chat(running: RunningApp) -> Score:
    assistant = running.runtime(ChatRuntime).assistant
    await asyncio.to_thread(assistant.warm)

    async def first(case: Case) -> str | None:
        return await first_source(assistant, case)

    return await score(load("chat"), first)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_items_and_chat_stay_above_their_floors(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOECO_INFO_SEMANTIC_SEARCH", "true")
    async with app_factory(["info", "chat"]) as running:
        finder = running.runtime(InfoRuntime).finder

        async def warm() -> bool:
            return finder.semantic_ready

        await eventually(warm, timeout=300)
        items = await _items(running)
        chat = await _chat(running)
    print(items.report("items top-1 category"), chat.report("chat first cited source"))  # noqa: T201
    assert items.accuracy() >= ITEMS_FLOOR
    assert items.accuracy("out_of_domain") >= OUT_OF_DOMAIN_FLOOR
    assert chat.accuracy() >= CHAT_FLOOR
