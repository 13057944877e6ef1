"""The default classifier: EfficientNet-Lite0 on ImageNet, mapped to waste by the knowledge base."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ecoeco.knowledge import KnowledgeBase
from ecoeco.workers.ai.adapters.onnx_runtime import (
    OnnxImageModel,
    RankedClassifier,
    Target,
    read_labels,
)
from ecoeco.workers.ai.ports import VisionConfigError
from ecoeco.workers.ai.settings import IMAGENET_CHOICES

IMAGENET_CLASSES = 1000


class ImagenetClassifier(RankedClassifier):
    """Top-k ImageNet classes; those the knowledge base's ImageNet map knows become candidates."""

    name = "efficientnet-lite0-imagenet"

    def __init__(
        self,
        model_path: Path,
        labels_path: Path,
        knowledge: KnowledgeBase,
        *,
        choices_path: Path = IMAGENET_CHOICES,
        threads: int = 0,
        spinning: bool = False,
        mean: tuple[float, float, float] = (127.0, 127.0, 127.0),
        std: tuple[float, float, float] = (128.0, 128.0, 128.0),
    ) -> None:
        self._model = OnnxImageModel(
            model_path, threads=threads, spinning=spinning, mean=mean, std=std
        )
        labels = read_labels(labels_path)
        if len(labels) != IMAGENET_CLASSES or self._model.classes not in (None, IMAGENET_CLASSES):
            raise VisionConfigError(
                f"an ImageNet model needs {IMAGENET_CLASSES} classes and labels; got "
                f"{self._model.classes} classes and {len(labels)} labels"
            )
        self._labels = [label.split(",")[0].strip() for label in labels]
        self._targets: dict[int, Target] = {}
        for index in knowledge.imagenet:
            meaning = knowledge.imagenet_target(index)
            if meaning is not None:
                item, category = meaning
                self._targets[index] = (category.slug, item.id if item else None)
        self._ambiguous = frozenset(i for i, e in knowledge.imagenet.items() if e.ambiguous)
        self._choices = load_choices(choices_path, knowledge, self._labels)


class _Choices(BaseModel):
    """One ambiguous class and the items a photo read as it may show."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    index: int = Field(ge=0, lt=IMAGENET_CLASSES)
    label: str = Field(min_length=1)
    items: list[str] = Field(min_length=2)


class _ChoicesFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    labels: list[_Choices]


def load_choices(
    path: Path, knowledge: KnowledgeBase, labels: list[str]
) -> dict[int, tuple[str, ...]]:
    """Class index -> item choices, checked against the knowledge base and the labels.

    Every class listed must be one the knowledge map marks ambiguous, and every such
    class must be listed; every item must exist. All problems are reported at once.
    """
    try:
        parsed = _ChoicesFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise VisionConfigError(f"label choices {path.name}: {exc}") from exc
    problems: list[str] = []
    choices: dict[int, tuple[str, ...]] = {}
    for entry in parsed.labels:
        where = f"{entry.index} ({entry.label})"
        known = knowledge.imagenet.get(entry.index)
        if entry.index in choices:
            problems.append(f"{where}: listed twice")
        if entry.label != labels[entry.index]:
            problems.append(f"{where}: the labels file calls it {labels[entry.index]!r}")
        if known is None or not known.ambiguous:
            problems.append(f"{where}: the knowledge map does not mark it ambiguous")
        unknown = [item for item in entry.items if not knowledge.has_item(item)]
        if unknown:
            problems.append(f"{where}: unknown items {unknown}")
        if len(set(entry.items)) != len(entry.items):
            problems.append(f"{where}: an item is repeated")
        choices[entry.index] = tuple(entry.items)
    for index, known in sorted(knowledge.imagenet.items()):
        if known.ambiguous and index not in choices:
            problems.append(f"{index} ({known.label}): ambiguous but offers no choices")
    if problems:
        raise VisionConfigError(f"label choices {path.name}: " + "; ".join(problems))
    return choices
