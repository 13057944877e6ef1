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
