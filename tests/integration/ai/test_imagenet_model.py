"""The bundled EfficientNet-Lite0 on real photos that scikit-image ships, mapped to waste."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from skimage import data

from ecoeco.knowledge import KnowledgeBase, load_knowledge
from ecoeco.workers.ai.adapters.factory import LazyClassifier, build_classifier
from ecoeco.workers.ai.adapters.onnx_imagenet import ImagenetClassifier
from ecoeco.workers.ai.ports import VisionConfigError
from ecoeco.workers.ai.settings import IMAGENET_LABELS, IMAGENET_MODEL, MODELS_DIR, AiSettings


def photo(name: str) -> np.ndarray:
    """An RGB uint8 photo from scikit-image's data module."""
    image = getattr(data, name)()
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    return np.ascontiguousarray(image[..., :3])


@pytest.fixture(scope="module")
def classifier() -> LazyClassifier:
    """The default classifier, single-threaded."""
    return build_classifier(AiSettings(intra_op_threads=1))


def test_coffee_is_espresso_and_a_cup(classifier: LazyClassifier) -> None:
    kb = load_knowledge()
    result = classifier.classify(photo("coffee"), top_k=5)
    assert result.model == "efficientnet-lite0-imagenet"
    assert result.raw_labels[0][0] == "espresso"
    assert result.raw_labels[0][1] > 0.8
    espresso = kb.imagenet_target(967)
    cup = kb.imagenet_target(968)
    assert espresso is not None
    assert cup is not None
    assert result.best is not None
    assert result.best.category == espresso[1].slug
    assert result.best.label == "espresso"
    assert (cup[1].slug, cup[0].id if cup[0] else None) in {
        (c.category, c.item_id) for c in result.candidates
    }
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)


def test_candidates_come_only_from_the_knowledge_map(classifier: LazyClassifier) -> None:
    kb = load_knowledge()
    slugs = {c.slug for c in kb.categories}
    labels = IMAGENET_LABELS.read_text(encoding="utf-8").splitlines()
    for name in ("coffee", "chelsea", "astronaut", "rocket", "camera"):
        result = classifier.classify(photo(name), top_k=10)
        mapped = {labels[e.index].split(",")[0] for e in kb.imagenet.values()}
        for candidate in result.candidates:
            assert candidate.category in slugs
            assert candidate.label in mapped
            assert candidate.item_id is None or kb.has_item(candidate.item_id)


def test_a_cat_has_no_waste_meaning(classifier: LazyClassifier) -> None:
    result = classifier.classify(photo("chelsea"), top_k=5)
    assert "cat" in result.raw_labels[0][0]
    assert result.candidates == []
    assert result.best is None


def test_batch_equals_single_and_any_shape_is_accepted(classifier: LazyClassifier) -> None:
    images = [photo("coffee"), photo("camera"), photo("coffee")[:100, :300]]
    batch = classifier.classify_many(images, top_k=3)
    single = [classifier.classify(image, top_k=3) for image in images]
    for b, s in zip(batch, single, strict=True):
        assert [label for label, _ in b.raw_labels] == [label for label, _ in s.raw_labels]
        np.testing.assert_allclose(
            [p for _, p in b.raw_labels], [p for _, p in s.raw_labels], rtol=1e-4
        )


def test_labels_file_is_in_the_order_the_knowledge_map_uses() -> None:
    labels = [line.lower() for line in IMAGENET_LABELS.read_text(encoding="utf-8").splitlines()]
    assert len(labels) == 1000
    kb: KnowledgeBase = load_knowledge()
    for entry in kb.imagenet.values():
        names = [n.strip() for n in labels[entry.index].split(",")]
        assert entry.label.lower() in names, (entry.index, entry.label, labels[entry.index])


def test_model_file_is_the_one_the_notice_describes() -> None:
    digest = hashlib.sha256(IMAGENET_MODEL.read_bytes()).hexdigest()
    assert digest in (MODELS_DIR / "NOTICE.md").read_text(encoding="utf-8")
    assert (MODELS_DIR / "LICENSE.txt").read_text(encoding="utf-8").count("Apache License") >= 1


def test_a_missing_or_mismatched_model_is_a_config_error(tmp_path: Path) -> None:
    kb = load_knowledge()
    with pytest.raises(VisionConfigError, match="model file not found"):
        ImagenetClassifier(MODELS_DIR / "nope.onnx", IMAGENET_LABELS, kb)
    few = tmp_path / "labels.txt"
    few.write_text("a\nb\n", encoding="utf-8")
    with pytest.raises(VisionConfigError, match="1000 classes and labels"):
        ImagenetClassifier(IMAGENET_MODEL, few, kb)
