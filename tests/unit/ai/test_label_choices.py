"""The shipped label choices, and how loading them rejects choices that do not fit."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecoeco.knowledge import load_knowledge
from ecoeco.workers.ai.adapters.onnx_imagenet import load_choices
from ecoeco.workers.ai.adapters.onnx_runtime import read_labels
from ecoeco.workers.ai.ports import VisionConfigError
from ecoeco.workers.ai.settings import IMAGENET_CHOICES, IMAGENET_LABELS

LABELS = [line.split(",")[0].strip() for line in read_labels(IMAGENET_LABELS)]


def test_every_ambiguous_label_offers_items_that_exist() -> None:
    kb = load_knowledge()
    choices = load_choices(IMAGENET_CHOICES, kb, LABELS)
    assert set(choices) == {i for i, e in kb.imagenet.items() if e.ambiguous}
    for index, items in choices.items():
        assert len(items) >= 2, LABELS[index]
        assert all(kb.has_item(item) for item in items)


@pytest.mark.parametrize(
    ("label", "must_offer"),
    [
        ("cup", {"ceramics", "plastic_cup", "paper_cup"}),  # mug, disposable plastic, paper
        ("plate", {"leftover_food", "ceramics"}),  # the meal or the dish
        ("soup bowl", {"leftover_food", "ceramics"}),
        ("water bottle", {"clear_pet_bottle", "colored_pet_bottle"}),  # colour unknown
        ("pop bottle", {"clear_pet_bottle", "colored_pet_bottle"}),
        ("pill bottle", {"vitamin_bottle"}),  # mostly plastic
        ("whiskey jug", {"ceramics", "wine_bottle"}),  # stoneware or glass
        ("red wine", {"wine_bottle", "drinking_glass"}),
        ("toilet seat", {"toilet_seat_plain", "bidet"}),
        ("radiator", {"metal_scrap", "fan"}),
        ("medicine chest", {"medicine_pills", "wardrobe"}),
    ],
)
def test_the_issue_cases_offer_the_readings_the_photo_cannot_tell_apart(
    label: str, must_offer: set[str]
) -> None:
    choices = load_choices(IMAGENET_CHOICES, load_knowledge(), LABELS)
    assert must_offer <= set(choices[LABELS.index(label)])


@pytest.mark.parametrize(
    ("label", "first"),
    [
        ("cup", "ceramics"),  # mostly a ceramic mug
        ("pill bottle", "vitamin_bottle"),  # plastic, not glass
        ("red wine", "drinking_glass"),  # a glass of wine
        ("whiskey jug", "ceramics"),  # stoneware
        ("medicine chest", "wardrobe"),  # a bathroom cabinet
        ("radiator", "metal_scrap"),  # not an appliance
        ("toilet seat", "toilet_seat_plain"),  # not a bidet
        ("plate", "leftover_food"),  # the meal on it
    ],
)
def test_the_most_likely_reading_is_offered_first(label: str, first: str) -> None:
    choices = load_choices(IMAGENET_CHOICES, load_knowledge(), LABELS)
    assert choices[LABELS.index(label)][0] == first


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{index: 968, label: cup, items: [ceramics, no_such_item]}", "unknown items"),
        ("{index: 968, label: mug, items: [ceramics, paper_cup]}", "the labels file calls it"),
        ("{index: 999, label: toilet tissue, items: [tissue, paper_cup]}", "does not mark it"),
        ("{index: 968, label: cup, items: [ceramics, ceramics]}", "repeated"),
    ],
)
def test_a_wrong_entry_is_refused_at_load(tmp_path: Path, entry: str, problem: str) -> None:
    shipped = IMAGENET_CHOICES.read_text(encoding="utf-8")
    bad = tmp_path / "choices.yaml"
    bad.write_text(
        shipped.replace(
            "  - {index: 968, label: cup,", f"  - {entry}\n  - {{index: 968, label: cup,", 1
        )
    )
    with pytest.raises(VisionConfigError, match=problem):
        load_choices(bad, load_knowledge(), LABELS)


def test_an_ambiguous_label_without_choices_is_refused(tmp_path: Path) -> None:
    kept = [
        line
        for line in IMAGENET_CHOICES.read_text(encoding="utf-8").splitlines()
        if "label: plate," not in line
    ]
    bad = tmp_path / "choices.yaml"
    bad.write_text("\n".join(kept), encoding="utf-8")
    with pytest.raises(VisionConfigError, match=r"923 \(plate\): ambiguous but offers no choices"):
        load_choices(bad, load_knowledge(), LABELS)


def test_one_choice_is_not_a_choice(tmp_path: Path) -> None:
    bad = tmp_path / "choices.yaml"
    bad.write_text("labels:\n  - {index: 968, label: cup, items: [ceramics]}\n")
    with pytest.raises(VisionConfigError, match="choices.yaml"):
        load_choices(bad, load_knowledge(), LABELS)
