"""The vision result a delivery remembers reads back as it was, in the cached form
earlier deliveries wrote (a redelivery after a deploy reads entries the old code wrote)."""

from __future__ import annotations

from dataclasses import asdict

import orjson

from ecoeco.workers.ai.ports import Candidate, VisionResult
from ecoeco.workers.ai.vision import _load, remembered

RESULT = VisionResult(
    model="m",
    candidates=[
        Candidate("food", 0.74, "drink_leftover", "espresso"),
        Candidate("paper_pack", 0.02, "paper_cup", "cup", True, ("ceramic_cup", "paper_cup")),
    ],
    raw_labels=[("espresso", 0.74), ("cup", 0.02)],
)


def test_a_remembered_vision_result_reads_back_as_it_was() -> None:
    assert _load(remembered(RESULT)) == RESULT


def test_the_cached_form_is_the_one_earlier_deliveries_wrote() -> None:
    assert remembered(RESULT) == orjson.dumps(asdict(RESULT))
    assert orjson.loads(remembered(RESULT))["candidates"][1]["choices"] == [
        "ceramic_cup",
        "paper_cup",
    ]
