"""Held-out search quality: ~100 everyday queries through GET /info/items, top-1 category."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ecoeco.info import InfoRuntime
from tests.conftest import AppFactory, RunningApp, eventually

EVAL_FILE = Path(__file__).with_name("eval_heldout.yaml")
TARGET = 0.90


def _cases() -> list[dict[str, str]]:
    cases: list[dict[str, str]] = yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8"))["queries"]
    return cases


async def _score(running: RunningApp, label: str) -> float:
    cases = _cases()
    misses = []
    for case in cases:
        response = await running.client.get("/api/v1/info/items", params={"q": case["q"]})
        assert response.status_code == 200, response.text
        items = response.json()["items"]
        top = items[0]["category"]["slug"] if items else None
        if top != case["expect"]:
            misses.append((case["q"], case["expect"], top, items[0]["id"] if items else None))
    accuracy = 1 - len(misses) / len(cases)
    print(f"held-out top-1 ({label}): {accuracy:.3f} on {len(cases)} queries; misses: {misses}")  # noqa: T201
    return accuracy


def test_heldout_set_is_distinct_from_the_knowledge_eval() -> None:
    queries = [c["q"] for c in _cases()]
    assert len(queries) >= 100
    assert len(set(queries)) == len(queries)
    theirs = Path(__file__).parents[2] / "unit" / "knowledge" / "eval_items.yaml"
    if theirs.exists():
        other = {c["q"] for c in yaml.safe_load(theirs.read_text(encoding="utf-8"))["queries"]}
        assert not set(queries) & other


async def test_heldout_top1_lexical(app_factory: AppFactory) -> None:
    async with app_factory(["info"]) as running:
        ready = running.runtime(InfoRuntime).finder.semantic_ready
        label = "lexical + semantic (warmed earlier in this process)" if ready else "lexical"
        assert await _score(running, label) >= TARGET


async def test_heldout_top1_with_semantic_fallback(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ECOECO_INFO_SEMANTIC_SEARCH", "true")
    async with app_factory(["info"]) as running:
        finder = running.runtime(InfoRuntime).finder

        async def warm() -> bool:
            return finder.semantic_ready

        await eventually(warm, timeout=300)
        assert await _score(running, "lexical + semantic") >= TARGET
