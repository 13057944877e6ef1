"""The pipeline with a hand-written fake classifier and the in-process adapters."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ecoeco.contracts.events import ScanConfirmed, ScanRequested
from ecoeco.contracts.names import scan_stream
from ecoeco.contracts.scan import ScanError
from ecoeco.core.batch import Batcher
from ecoeco.core.cache import MemoryCache
from ecoeco.core.events import MemoryEventHub
from ecoeco.core.storage import LocalStorage
from ecoeco.knowledge import load_knowledge
from ecoeco.workers.ai.pipeline import ScanPipeline
from ecoeco.workers.ai.ports import (
    Candidate,
    RGBImage,
    VisionError,
    VisionResult,
    VisionUnavailable,
)
from ecoeco.workers.ai.vision import VisionPolicy
from ecoeco.workers.storage.intake import ImageIntake
from tests.fixtures.images import photos


class FakeClassifier:
    """Answers from a script: a result, an exception to raise, or a delay first."""

    name = "fake"

    def __init__(self, *answers: VisionResult | Exception, delay: float = 0.0) -> None:
        self.answers = list(answers)
        self.delay = delay
        self.calls = 0

    def classify(self, image: RGBImage, top_k: int = 5) -> VisionResult:
        assert image.ndim == 3
        assert image.shape[2] == 3
        self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        answer = self.answers[min(self.calls, len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer


def seen(*candidates: Candidate) -> VisionResult:
    return VisionResult("fake", list(candidates))


BOTTLE = Candidate("clear_pet", 0.9, "clear_pet_bottle", "water bottle")
UNSURE = Candidate("metal", 0.1, None, "tin can")


async def _setup(
    tmp_path: Path,
    classifier: FakeClassifier,
    policy: VisionPolicy | None = None,
    *,
    hub: MemoryEventHub | None = None,
    cache: MemoryCache | None = None,
    batcher: Batcher | None = None,
) -> tuple[ScanPipeline, MemoryEventHub, str]:
    storage, hub = LocalStorage(tmp_path), MemoryEventHub() if hub is None else hub
    stored = await ImageIntake(storage).accept("u1", photos.committed("coffee.jpg"), None)
    pipeline = ScanPipeline(
        load_knowledge(),
        classifier,
        storage=storage,
        hub=hub,
        cache=MemoryCache() if cache is None else cache,
        policy=policy or VisionPolicy(timeout=5, retries=2, backoff=0),
        batcher=batcher,
    )
    return pipeline, hub, stored.image_key


async def _events(hub: MemoryEventHub, scan_id: str) -> list[str]:
    names = []
    async for item in hub.subscribe(scan_stream(scan_id), None, timeout=0.01):
        if item is None:
            break
        names.append(item.event)
    return names


async def test_a_confident_photo_goes_through_every_stage(tmp_path: Path) -> None:
    pipeline, hub, key = await _setup(tmp_path, FakeClassifier(seen(BOTTLE, UNSURE)))
    outcome = await pipeline.analyze(ScanRequested(scan_id="s1", user_id="u1", image_key=key))
    assert outcome.status == "done"
    assert outcome.result is not None
    assert outcome.result.item is not None
    assert outcome.result.item.id == "clear_pet_bottle"
    assert outcome.result.source == "vision"
    assert outcome.result.guide is not None
    assert outcome.result.guide.steps
    assert outcome.completed is not None
    assert outcome.completed.category == "clear_pet"
    assert outcome.completed.recyclable is True
    assert outcome.completed.confirmed is True
    assert await _events(hub, "s1") == ["vision", "rule", "answer", "reward"]


async def test_low_confidence_asks_instead_of_guessing(tmp_path: Path) -> None:
    pipeline, _, key = await _setup(tmp_path, FakeClassifier(seen(UNSURE)))
    outcome = await pipeline.analyze(ScanRequested(scan_id="s2", user_id="u1", image_key=key))
    assert outcome.status == "needs_confirmation"
    assert outcome.completed is None
    assert outcome.result is not None
    assert outcome.result.guide is None
    assert outcome.result.category is None
    assert [c.category.slug for c in outcome.result.candidates] == ["metal"]


async def test_a_confident_but_ambiguous_label_asks_with_its_candidates(tmp_path: Path) -> None:
    worn = Candidate("textile", 0.95, "clothes", "jersey", ambiguous=True)
    pipeline, _, key = await _setup(tmp_path, FakeClassifier(seen(worn, UNSURE)))
    outcome = await pipeline.analyze(ScanRequested(scan_id="s9", user_id="u1", image_key=key))
    assert outcome.status == "needs_confirmation"
    assert outcome.completed is None
    assert outcome.result is not None
    assert outcome.result.guide is None
    assert [c.label for c in outcome.result.candidates] == ["jersey", "tin can"]


async def test_an_ambiguous_label_is_offered_as_each_item_it_may_be(tmp_path: Path) -> None:
    choices = ("ceramics", "plastic_cup", "paper_cup")
    cup = Candidate("paper_pack", 0.9, "paper_cup", "cup", ambiguous=True, choices=choices)
    mug = Candidate("non_combustible", 0.05, "ceramics", "coffee mug")
    pipeline, _, key = await _setup(tmp_path, FakeClassifier(seen(cup, mug, UNSURE)))
    outcome = await pipeline.analyze(ScanRequested(scan_id="s11", user_id="u1", image_key=key))
    assert outcome.status == "needs_confirmation"
    assert outcome.result is not None
    offered = [
        (c.item.id if c.item else None, c.category.slug, c.label, c.score)
        for c in outcome.result.candidates
    ]
    assert offered == [
        ("ceramics", "non_combustible", "cup", 0.9),
        ("plastic_cup", "plastic", "cup", 0.9),
        ("paper_cup", "paper_pack", "cup", 0.9),
        (None, "metal", "tin can", 0.1),  # the mug is already offered
    ]


async def test_a_redelivered_scan_offers_the_same_choices_from_the_cached_reading(
    tmp_path: Path,
) -> None:
    cup = Candidate(
        "paper_pack", 0.9, "paper_cup", "cup", ambiguous=True, choices=("ceramics", "plastic_cup")
    )
    classifier = FakeClassifier(seen(cup))
    pipeline, _, key = await _setup(tmp_path, classifier)
    event = ScanRequested(scan_id="s12", user_id="u1", image_key=key)
    first, again = await pipeline.analyze(event), await pipeline.analyze(event)
    assert classifier.calls == 1  # the second delivery read the cached vision result
    assert first.result is not None
    assert again.result is not None
    assert [c.item.id for c in again.result.candidates if c.item] == ["ceramics", "plastic_cup"]
    assert again.result.candidates == first.result.candidates


async def test_a_confident_but_ambiguous_label_still_follows_a_clear_hint(tmp_path: Path) -> None:
    cup = Candidate("paper_pack", 0.9, "paper_cup", "cup", ambiguous=True)
    pipeline, _, key = await _setup(tmp_path, FakeClassifier(seen(cup)))
    event = ScanRequested(scan_id="s10", user_id="u1", image_key=key, hint="종이컵")
    outcome = await pipeline.analyze(event)
    assert outcome.status == "done"
    assert outcome.completed is not None
    assert (outcome.completed.category, outcome.completed.recyclable) == ("paper_pack", True)


async def test_no_waste_meaning_gives_needs_confirmation_without_candidates(
    tmp_path: Path,
) -> None:
    pipeline, _, key = await _setup(tmp_path, FakeClassifier(seen()))
    outcome = await pipeline.analyze(ScanRequested(scan_id="s3", user_id="u1", image_key=key))
    assert outcome.status == "needs_confirmation"
    assert outcome.result is not None
    assert outcome.result.candidates == []


async def test_vision_times_out_retries_then_fails_with_a_reason(tmp_path: Path) -> None:
    fake = FakeClassifier(seen(BOTTLE), delay=0.3)
    policy = VisionPolicy(timeout=0.05, retries=2, backoff=0)
    pipeline, _, key = await _setup(tmp_path, fake, policy)
    outcome = await pipeline.analyze(ScanRequested(scan_id="s4", user_id="u1", image_key=key))
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error.code == "vision_unavailable"
    assert fake.calls == 3


async def test_a_transient_error_is_retried(tmp_path: Path) -> None:
    fake = FakeClassifier(VisionUnavailable("429"), seen(BOTTLE))
    pipeline, _, key = await _setup(tmp_path, fake)
    outcome = await pipeline.analyze(ScanRequested(scan_id="s5", user_id="u1", image_key=key))
    assert outcome.status == "done"
    assert fake.calls == 2


async def test_a_permanent_error_is_not_retried(tmp_path: Path) -> None:
    fake = FakeClassifier(VisionError("bad model"), seen(BOTTLE))
    pipeline, _, key = await _setup(tmp_path, fake)
    outcome = await pipeline.analyze(ScanRequested(scan_id="s6", user_id="u1", image_key=key))
    assert outcome.status == "failed"
    assert outcome.error == ScanError(code="vision_failed", message="bad model")
    assert fake.calls == 1


async def test_the_hint_wins_and_the_disagreement_is_recorded(tmp_path: Path) -> None:
    pipeline, _, key = await _setup(tmp_path, FakeClassifier(seen(BOTTLE)))
    outcome = await pipeline.analyze(
        ScanRequested(scan_id="s7", user_id="u1", image_key=key, hint="건전지")
    )
    assert outcome.status == "done"
    assert outcome.result is not None
    assert outcome.result.source == "hint"
    assert outcome.result.category is not None
    assert outcome.result.category.slug == "battery"
    disagreement = outcome.result.disagreement
    assert disagreement is not None
    assert disagreement.image is not None
    assert disagreement.hint is not None
    assert disagreement.image.category.slug == "clear_pet"
    assert disagreement.hint.category.slug == "battery"


async def test_a_redelivered_scan_does_not_infer_again(tmp_path: Path) -> None:
    fake = FakeClassifier(seen(BOTTLE))
    pipeline, _, key = await _setup(tmp_path, fake)
    event = ScanRequested(scan_id="s8", user_id="u1", image_key=key)
    first = await pipeline.analyze(event)
    second = await pipeline.analyze(event)
    assert fake.calls == 1
    assert first.result == second.result


async def test_a_missing_image_fails_with_a_reason(tmp_path: Path) -> None:
    pipeline, _, key = await _setup(tmp_path, FakeClassifier(seen(BOTTLE)))
    await pipeline.storage.delete(key)
    outcome = await pipeline.analyze(ScanRequested(scan_id="s9", user_id="u1", image_key=key))
    assert outcome.status == "failed"
    assert outcome.error is not None
    assert outcome.error.code == "image_missing"


@pytest.mark.parametrize(
    ("item", "category", "expected", "conditioned"),
    [
        ("clear_pet_bottle", None, "clear_pet", False),
        ("clear_pet_bottle", "plastic", "plastic", True),
        (None, "battery", "battery", False),
    ],
)
async def test_a_confirmed_choice_completes_from_the_rule_stage(
    tmp_path: Path, item: str | None, category: str | None, expected: str, conditioned: bool
) -> None:
    fake = FakeClassifier(seen())
    pipeline, hub, _ = await _setup(tmp_path, fake)
    outcome = await pipeline.complete(
        ScanConfirmed(scan_id="c1", user_id="u1", item=item, category=category, round=2)
    )
    assert fake.calls == 0
    assert outcome.status == "done"
    assert outcome.result is not None
    assert outcome.result.category is not None
    assert outcome.result.category.slug == expected
    assert outcome.result.source == "confirmation"
    assert outcome.result.guide is not None
    warnings = outcome.result.guide.warnings
    assert any("색이 있는" in w for w in warnings) is conditioned
    assert await _events(hub, "c1") == ["rule", "answer", "reward"]
