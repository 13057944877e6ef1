"""How often a round writes to the cache and the hub (each a round trip on Redis)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from ecoeco.contracts.events import ScanRequested
from ecoeco.contracts.names import ScanProgress, scan_stream
from ecoeco.core.cache import MemoryCache
from ecoeco.core.events import MemoryEventHub
from ecoeco.workers.ai import pipeline as pipeline_module
from ecoeco.workers.ai.pipeline import ScanPipeline
from ecoeco.workers.ai.vision import VisionPolicy, vision_key
from tests.unit.scan.test_pipeline import BOTTLE, FakeClassifier, seen
from tests.unit.scan.test_pipeline import _setup as build


class CountingCache(MemoryCache):
    """The memory cache, remembering each call that reached it."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    async def get(self, key: str) -> bytes | None:
        self.calls.append(("get", (key,)))
        return await super().get(key)

    async def set(self, key: str, value: bytes, ttl: float | None = None) -> None:
        self.calls.append(("set", (key,)))
        await super().set(key, value, ttl)

    async def set_many(self, values: Mapping[str, bytes], ttl: float | None = None) -> None:
        self.calls.append(("set_many", tuple(values)))
        for key, value in values.items():
            await super().set(key, value, ttl)


class CountingHub(MemoryEventHub):
    """The memory hub, remembering the events of each write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[list[str]] = []

    async def publish_many(
        self, stream: str, events: Sequence[tuple[str, dict[str, Any]]]
    ) -> list[str]:
        self.writes.append([name for name, _ in events])
        return await super().publish_many(stream, events)


async def _setup(
    tmp_path: Path, classifier: FakeClassifier
) -> tuple[ScanPipeline, CountingCache, CountingHub, str]:
    cache, hub = CountingCache(), CountingHub()
    policy = VisionPolicy(timeout=5, retries=0, backoff=0)
    pipeline, _, key = await build(tmp_path, classifier, policy, hub=hub, cache=cache)
    return pipeline, cache, hub, key


async def test_a_round_writes_its_progress_before_inferring_and_the_rest_at_once(
    tmp_path: Path,
) -> None:
    classifier = FakeClassifier(seen(BOTTLE))
    pipeline, cache, hub, key = await _setup(tmp_path, classifier)
    event = ScanRequested(scan_id="w1", user_id="u1", image_key=key)
    outcome = await pipeline.analyze(event, fresh=True)
    assert outcome.status == "done"
    progress = ScanProgress.key("w1")
    assert cache.calls == [
        ("set_many", (progress,)),  # "vision", before the inference
        ("set_many", (vision_key("w1"), progress)),  # the result, and the last stage
    ]
    assert hub.writes == [["vision", "rule", "answer", "reward"]]
    stored = await cache.get(progress)
    assert stored is not None
    assert ScanProgress.decode(stored) == ScanProgress(1, "reward")


async def test_only_a_delivery_that_may_have_run_before_looks_for_a_remembered_result(
    tmp_path: Path,
) -> None:
    classifier = FakeClassifier(seen(BOTTLE))
    pipeline, cache, _, key = await _setup(tmp_path, classifier)
    event = ScanRequested(scan_id="w2", user_id="u1", image_key=key)
    first = await pipeline.analyze(event, fresh=True)
    assert ("get", (vision_key("w2"),)) not in cache.calls
    again = await pipeline.analyze(event)  # a redelivery: the broker cannot vouch for it
    assert ("get", (vision_key("w2"),)) in cache.calls
    assert classifier.calls == 1
    assert again.result == first.result


async def test_a_round_that_fails_midway_still_announces_its_earlier_stages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline, _, hub, key = await _setup(tmp_path, FakeClassifier(seen(BOTTLE)))

    def broken(*_args: object) -> object:
        raise RuntimeError("the answer stage broke")

    monkeypatch.setattr(pipeline_module, "answer", broken)
    event = ScanRequested(scan_id="w3", user_id="u1", image_key=key)
    with pytest.raises(RuntimeError):
        await pipeline.analyze(event, fresh=True)
    assert hub.writes == [["vision", "rule"]]
    names = []
    async for item in hub.subscribe(scan_stream("w3"), None, timeout=0.01):
        if item is None:
            break
        names.append(item.event)
    assert names == ["vision", "rule"]
    failed = await pipeline.analyze(event, last_attempt=True)
    assert (failed.status, failed.stage) == ("failed", "answer")
