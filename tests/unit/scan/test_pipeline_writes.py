"""How often a round writes to the cache and the hub (each batch a round trip on Redis), and
how it drops the scan of an account erased before or during it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from ecoeco.contracts.events import ScanConfirmed, ScanRequested
from ecoeco.contracts.names import ScanProgress, scan_stream
from ecoeco.core.batch import Batch, Separately
from ecoeco.core.cache import MemoryCache
from ecoeco.core.events import MemoryEventHub
from ecoeco.core.security.tokens import erased_key, mark_erased
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


class CountingBatcher(Separately):
    """Batches as the cache's and the hub's own calls, remembering each batch."""

    def __init__(self, cache: MemoryCache, hub: MemoryEventHub) -> None:
        super().__init__(cache, hub)
        self.batches: list[Batch] = []

    async def send(self, batch: Batch) -> bool:
        self.batches.append(batch)
        return await super().send(batch)


def shape(batch: Batch) -> tuple[tuple[str, ...], list[str], bool]:
    """What a batch writes (cache keys, event names) and whether it is guarded."""
    return tuple(batch.values), [name for name, _ in batch.events], batch.unless_marked


async def _setup(
    tmp_path: Path, classifier: FakeClassifier
) -> tuple[ScanPipeline, CountingCache, CountingHub, str]:
    cache, hub = CountingCache(), CountingHub()
    policy = VisionPolicy(timeout=5, retries=0, backoff=0)
    batcher = CountingBatcher(cache, hub)
    pipeline, _, key = await build(
        tmp_path, classifier, policy, hub=hub, cache=cache, batcher=batcher
    )
    return pipeline, cache, hub, key


def batches(pipeline: ScanPipeline) -> list[tuple[tuple[str, ...], list[str], bool]]:
    assert isinstance(pipeline.batcher, CountingBatcher)
    return [shape(b) for b in pipeline.batcher.batches]


async def test_a_round_writes_its_progress_before_inferring_and_the_rest_at_once(
    tmp_path: Path,
) -> None:
    classifier = FakeClassifier(seen(BOTTLE))
    pipeline, cache, hub, key = await _setup(tmp_path, classifier)
    event = ScanRequested(scan_id="w1", user_id="u1", image_key=key)
    outcome = await pipeline.analyze(event, fresh=True)
    assert outcome is not None
    assert outcome.status == "done"
    progress = ScanProgress.key("w1")
    assert batches(pipeline) == [
        ((progress,), [], True),  # "vision" before the inference, unless the account is gone
        ((vision_key("w1"), progress), ["vision", "rule", "answer", "reward"], False),
    ]
    counted = pipeline.batcher
    assert isinstance(counted, CountingBatcher)
    assert all(b.marker == erased_key("u1") for b in counted.batches)  # the account, each time
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
    assert first is not None
    assert again is not None
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
    assert failed is not None
    assert (failed.status, failed.stage) == ("failed", "answer")


async def test_the_scan_of_an_account_erased_before_it_starts_writes_nothing(
    tmp_path: Path,
) -> None:
    classifier = FakeClassifier(seen(BOTTLE))
    pipeline, cache, hub, key = await _setup(tmp_path, classifier)
    await mark_erased(cache, "u1")
    event = ScanRequested(scan_id="w4", user_id="u1", image_key=key)
    assert await pipeline.analyze(event, fresh=True) is None
    assert classifier.calls == 0
    assert len(batches(pipeline)) == 1  # the guarded start, and nothing after it
    assert await cache.get(ScanProgress.key("w4")) is None
    assert hub.writes == []
    confirmed = ScanConfirmed(scan_id="w4", user_id="u1", category="paper", round=2)
    assert await pipeline.complete(confirmed) is None
    assert hub.writes == []


async def test_the_scan_of_an_account_erased_during_the_inference_is_not_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    classifier = FakeClassifier(seen(BOTTLE))
    pipeline, cache, hub, key = await _setup(tmp_path, classifier)
    classify = pipeline_module.classify

    async def erasing(*args: Any) -> Any:
        await mark_erased(cache, "u1")  # the account goes while the model runs
        return await classify(*args)

    monkeypatch.setattr(pipeline_module, "classify", erasing)
    event = ScanRequested(scan_id="w5", user_id="u1", image_key=key)
    assert await pipeline.analyze(event, fresh=True) is None
    # what the round announced went out (as before); the marker was looked at after it
    assert hub.writes == [["vision", "rule", "answer", "reward"]]
    assert len(batches(pipeline)) == 2


async def test_a_confirmed_round_looks_at_the_account_then_writes_once(tmp_path: Path) -> None:
    pipeline, _, hub, _ = await _setup(tmp_path, FakeClassifier(seen(BOTTLE)))
    confirmed = ScanConfirmed(scan_id="w6", user_id="u1", category="paper", round=2)
    outcome = await pipeline.complete(confirmed)
    assert outcome is not None
    assert outcome.status == "done"
    progress = ScanProgress.key("w6")
    assert batches(pipeline) == [((), [], True), ((progress,), ["rule", "answer", "reward"], False)]
    assert hub.writes == [["rule", "answer", "reward"]]
