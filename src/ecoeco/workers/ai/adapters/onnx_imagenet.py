"""The default classifier: EfficientNet-Lite0 on ImageNet, mapped to waste by the knowledge base."""

from __future__ import annotations

from pathlib import Path

from ecoeco.knowledge import KnowledgeBase
from ecoeco.workers.ai.adapters.onnx_runtime import (
    OnnxImageModel,
    RankedClassifier,
    Target,
    read_labels,
)
from ecoeco.workers.ai.ports import VisionConfigError

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
        self._choices = ambiguous_choices(knowledge, self._labels)


def ambiguous_choices(knowledge: KnowledgeBase, labels: list[str]) -> dict[int, tuple[str, ...]]:
    """Class index -> the items an ambiguous class may show (the knowledge map's `choices`).

    The knowledge base checks that each ambiguous class offers two or more items that
    exist; here each such class must also be the one the labels file names, so a map
    written against another label order is refused at load.
    """
    problems = [
        f"{index} ({entry.label}): the labels file calls it {labels[index]!r}"
        for index, entry in sorted(knowledge.imagenet.items())
        if entry.ambiguous and entry.label != labels[index]
    ]
    if problems:
        raise VisionConfigError("ImageNet map: " + "; ".join(problems))
    return {i: tuple(e.choices) for i, e in knowledge.imagenet.items() if e.ambiguous}
