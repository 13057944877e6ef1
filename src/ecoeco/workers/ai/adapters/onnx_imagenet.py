"""The default classifier: EfficientNet-Lite0 on ImageNet, mapped to waste by the knowledge base."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ecoeco.knowledge import KnowledgeBase
from ecoeco.workers.ai.adapters.onnx_runtime import OnnxImageModel, Target, rank, read_labels
from ecoeco.workers.ai.ports import RGBImage, VisionConfigError, VisionResult

IMAGENET_CLASSES = 1000


class ImagenetClassifier:
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

    def classify(self, image: RGBImage, top_k: int = 5) -> VisionResult:
        """Rank waste candidates for one image."""
        return self.classify_many([image], top_k)[0]

    def classify_many(self, images: Sequence[RGBImage], top_k: int = 5) -> list[VisionResult]:
        """Rank waste candidates for several images in one batch."""
        results = []
        for probs in self._model.scores(images):
            candidates, raw = rank(probs, self._labels, self._targets.get, top_k)
            results.append(VisionResult(self.name, candidates, raw))
        return results
