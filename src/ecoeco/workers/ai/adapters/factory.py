"""Pick the classifier from settings; the model loads on first use, once per process."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from ecoeco.knowledge import KnowledgeBase, load_knowledge
from ecoeco.workers.ai.adapters.onnx_imagenet import ImagenetClassifier
from ecoeco.workers.ai.ports import Classifier, RGBImage, VisionResult
from ecoeco.workers.ai.settings import AiSettings, ClassifierKind

_loaded: dict[tuple[str, str, int], Classifier] = {}
_lock = threading.Lock()


def build_classifier(
    settings: AiSettings | None = None, knowledge: KnowledgeBase | None = None
) -> LazyClassifier:
    """The classifier the settings name, loaded lazily and shared by the whole process."""
    return LazyClassifier(settings or AiSettings(), knowledge)


class LazyClassifier:
    """A Classifier that creates the real one on first use (or `warm()`), once per process."""

    def __init__(self, settings: AiSettings, knowledge: KnowledgeBase | None = None) -> None:
        self.settings = settings
        self._knowledge = knowledge
        self.name = _name(settings)

    def warm(self) -> Classifier:
        """Load the model now (blocking: call it off the event loop)."""
        knowledge = self._knowledge or load_knowledge()
        secret = self.settings.openai_api_key
        key = (
            self.settings.model_dump_json(),  # masks the API key, so add it below
            secret.get_secret_value() if secret else "",
            id(knowledge),
        )
        loaded = _loaded.get(key)
        if loaded is not None:
            return loaded
        with _lock:
            loaded = _loaded.get(key)
            if loaded is None:
                loaded = _loaded[key] = _create(self.settings, knowledge)
        return loaded

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
