"""The choices an ambiguous ImageNet class offers: kept in the knowledge base's label map,
checked when the knowledge loads and, against the labels file, when the classifier loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ecoeco.knowledge import KnowledgeError, load_knowledge
from ecoeco.knowledge.loader import DATA_DIR
from ecoeco.workers.ai.adapters.onnx_imagenet import ambiguous_choices
from ecoeco.workers.ai.adapters.onnx_runtime import read_labels
from ecoeco.workers.ai.ports import VisionConfigError
from ecoeco.workers.ai.settings import IMAGENET_LABELS

LABELS = [line.split(",")[0].strip() for line in read_labels(IMAGENET_LABELS)]


def test_every_ambiguous_label_offers_items_that_exist() -> None:
    kb = load_knowledge()
    choices = ambiguous_choices(kb, LABELS)
    assert set(choices) == {i for i, e in kb.imagenet.items() if e.ambiguous}
    assert len(choices) >= 30
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
    choices = ambiguous_choices(load_knowledge(), LABELS)
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
    choices = ambiguous_choices(load_knowledge(), LABELS)
    assert choices[LABELS.index(label)][0] == first


def _with_cup_entry(tmp_path: Path, entry: str) -> Path:
    """A copy of the shipped data whose cup class (968) reads `entry` instead."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "imagenet_map.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    cup = next(n for n, line in enumerate(lines) if line.startswith("  - {index: 968,"))
    lines[cup] = f"  - {entry}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            "{index: 968, label: cup, item: paper_cup, ambiguous: true, "
            "choices: [ceramics, no_such_item]}",
            "unknown items",
        ),
        (
            "{index: 968, label: cup, item: paper_cup, ambiguous: true, choices: [ceramics]}",
            "at least two choices",
        ),
        ("{index: 968, label: cup, item: paper_cup, ambiguous: true}", "at least two choices"),
        (
            "{index: 968, label: cup, item: paper_cup, ambiguous: true, "
            "choices: [ceramics, ceramics]}",
            "repeated",
        ),
        (
            "{index: 968, label: cup, item: paper_cup, choices: [ceramics, paper_cup]}",
            "only an ambiguous label",
        ),
    ],
)
def test_a_wrong_entry_is_refused_when_the_knowledge_loads(
    tmp_path: Path, entry: str, problem: str
) -> None:
    with pytest.raises(KnowledgeError, match=problem):
        load_knowledge(_with_cup_entry(tmp_path, entry))


def test_a_label_the_labels_file_does_not_know_is_refused_by_the_classifier(
    tmp_path: Path,
) -> None:
    entry = (
        "{index: 968, label: mug, item: paper_cup, ambiguous: true, choices: [ceramics, paper_cup]}"
    )
    kb = load_knowledge(_with_cup_entry(tmp_path, entry))
    with pytest.raises(VisionConfigError, match="the labels file calls it 'cup'"):
        ambiguous_choices(kb, LABELS)
