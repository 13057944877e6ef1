"""Pick the classifier from settings; its model loads on first use (or `warm()`).

How long a loaded model lives is the composition root's decision: it keeps one
`LazyClassifier` per configuration for the whole process.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from ecoeco.knowledge import KnowledgeBase, load_knowledge
from ecoeco.workers.ai.adapters.onnx_imagenet import ImagenetClassifier
from ecoeco.workers.ai.ports import Classifier, RGBImage, VisionResult
from ecoeco.workers.ai.settings import AiSettings, ClassifierKind


def build_classifier(
    settings: AiSettings | None = None, knowledge: KnowledgeBase | None = None
) -> LazyClassifier:
    """The classifier the settings name; nothing loads until it is first used."""
    return LazyClassifier(settings or AiSettings(), knowledge)


def cache_key(settings: AiSettings) -> str:
    """What makes two configurations the same model (the API key included)."""
    secret = settings.openai_api_key
    # model_dump_json masks the API key, so add it
    return settings.model_dump_json() + (secret.get_secret_value() if secret else "")


class LazyClassifier:
    """A Classifier that creates the real one on first use (or `warm()`), once."""

    def __init__(self, settings: AiSettings, knowledge: KnowledgeBase | None = None) -> None:
        self.settings = settings
        self._knowledge = knowledge
        self.name = _name(settings)
        self._loaded: Classifier | None = None
        self._lock = threading.Lock()

    def warm(self) -> Classifier:
        """Load the model now (blocking: call it off the event loop)."""
        loaded = self._loaded
        if loaded is not None:
            return loaded
        with self._lock:
            if self._loaded is None:
                self._loaded = _create(self.settings, self._knowledge or load_knowledge())
            return self._loaded

    def classify(self, image: RGBImage, top_k: int = 5) -> VisionResult:
        """Rank waste candidates for one image."""
        return self.warm().classify(image, top_k)

    def classify_many(self, images: Sequence[RGBImage], top_k: int = 5) -> list[VisionResult]:
        """Rank several images, in one batch when the adapter supports it."""
        real = self.warm()
        batch = getattr(real, "classify_many", None)
        if batch is not None:
            results: list[VisionResult] = batch(images, top_k)
            return results
        return [real.classify(image, top_k) for image in images]


def _name(settings: AiSettings) -> str:
    """The classifier's name without loading it."""
    if settings.classifier is ClassifierKind.imagenet:
        return ImagenetClassifier.name
    if settings.classifier is ClassifierKind.onnx:
        assert settings.model_path is not None  # the settings validator guarantees it
        return f"onnx:{settings.model_path.stem}"
    return f"openai:{settings.openai_model}"


def _create(settings: AiSettings, knowledge: KnowledgeBase) -> Classifier:
    """Build the adapter; importing only what that kind needs."""
    if settings.classifier is ClassifierKind.imagenet:
        return ImagenetClassifier(
            settings.imagenet_model_path,
            settings.imagenet_labels_path,
            knowledge,
            threads=settings.intra_op_threads,
            spinning=settings.intra_op_spinning,
            mean=settings.input_mean,
            std=settings.input_std,
        )
    if settings.classifier is ClassifierKind.onnx:
        from ecoeco.workers.ai.adapters.onnx_custom import OnnxWasteClassifier

        assert settings.model_path is not None
        assert settings.labels_path is not None
        assert settings.label_map_path is not None
        return OnnxWasteClassifier(
            settings.model_path,
            settings.labels_path,
            settings.label_map_path,
            knowledge,
            threads=settings.intra_op_threads,
            spinning=settings.intra_op_spinning,
            mean=settings.input_mean,
            std=settings.input_std,
            crop=settings.input_crop,
        )
    from ecoeco.workers.ai.adapters.openai_vision import OpenAIVisionClassifier

    assert settings.openai_base_url is not None
    key = settings.openai_api_key
    return OpenAIVisionClassifier(
        settings.openai_base_url,
        settings.openai_model,
        knowledge,
        api_key=key.get_secret_value() if key else None,
        timeout=settings.vision_timeout_seconds,
        request_timeout=settings.openai_request_timeout_seconds,
        max_retries=settings.vision_max_retries,
        backoff=settings.vision_backoff_seconds,
        image_max_side=settings.openai_image_max_side,
        json_schema=settings.openai_json_schema,
    )
