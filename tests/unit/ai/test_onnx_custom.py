"""The operator's ONNX adapter: model path + labels + label map, end to end on tiny models."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ecoeco.knowledge import KnowledgeBase
from ecoeco.workers.ai.adapters.factory import build_classifier
from ecoeco.workers.ai.adapters.onnx_custom import OnnxWasteClassifier, load_label_map
from ecoeco.workers.ai.ports import VisionConfigError
from ecoeco.workers.ai.settings import AiSettings, ClassifierKind
from tests.unit.ai.tiny_models import (
    LABELS,
    OperatorFiles,
    build_nchw_float,
    build_nhwc_uint8_softmax,
    solid,
)


def classifier(files: OperatorFiles, kb: KnowledgeBase) -> OnnxWasteClassifier:
    """The operator adapter on the tiny model."""
    return OnnxWasteClassifier(files.model, files.labels, files.mapping, kb)


def test_mapped_labels_become_candidates(
    operator_files: OperatorFiles, knowledge: KnowledgeBase
) -> None:
    clf = classifier(operator_files, knowledge)
    red = clf.classify(solid((250, 10, 10)), top_k=4)
    assert red.model == "onnx:tiny"
    assert red.raw_labels[0][0] == "red_can"
    assert red.best is not None
    assert red.best.item_id == operator_files.can_id
    assert red.best.category == "metal"
    assert red.best.label == "red_can"
    assert red.best.score > 0.9
    green = clf.classify(solid((10, 250, 10)))
    assert green.best is not None
    assert (green.best.category, green.best.item_id) == ("glass", None)
    assert abs(sum(score for _, score in green.raw_labels) - 1.0) < 1e-4


def test_labels_without_waste_meaning_give_no_candidate(
    operator_files: OperatorFiles, knowledge: KnowledgeBase
) -> None:
    clf = classifier(operator_files, knowledge)
    result = clf.classify(solid((10, 10, 250)), top_k=1)
    assert result.raw_labels[0][0] == "blue_thing"
    assert result.candidates == []
    assert result.best is None


def test_batches_match_single_images(
    operator_files: OperatorFiles, knowledge: KnowledgeBase
) -> None:
    clf = classifier(operator_files, knowledge)
    images = [solid((250, 10, 10)), solid((10, 250, 10), 30, 30), solid((10, 10, 250), 90, 20)]
    batch = clf.classify_many(images, top_k=4)
    single = [clf.classify(image, top_k=4) for image in images]
    assert [r.raw_labels[0][0] for r in batch] == ["red_can", "green_bottle", "blue_thing"]
    for b, s in zip(batch, single, strict=True):
        assert [label for label, _ in b.raw_labels] == [label for label, _ in s.raw_labels]
        np.testing.assert_allclose([p for _, p in b.raw_labels], [p for _, p in s.raw_labels], 1e-5)


def test_fixed_batch_and_nhwc_uint8_models(
    tmp_path: Path, operator_files: OperatorFiles, knowledge: KnowledgeBase
) -> None:
    for model in (
        build_nchw_float(tmp_path / "fixed.onnx", fixed_batch=True),
        build_nhwc_uint8_softmax(tmp_path / "nhwc.onnx"),
    ):
        clf = OnnxWasteClassifier(model, operator_files.labels, operator_files.mapping, knowledge)
        results = clf.classify_many([solid((250, 10, 10)), solid((10, 250, 10))])
        assert [r.raw_labels[0][0] for r in results] == ["red_can", "green_bottle"]
        assert results[1].best is not None
        assert results[1].best.category == "glass"


def test_factory_builds_the_operator_model_from_settings(
    operator_files: OperatorFiles, knowledge: KnowledgeBase
) -> None:
    settings = AiSettings(
        classifier=ClassifierKind.onnx,
        model_path=operator_files.model,
        labels_path=operator_files.labels,
        label_map_path=operator_files.mapping,
        intra_op_threads=1,
    )
    clf = build_classifier(settings, knowledge)
    assert clf.name == "onnx:tiny"
    best = clf.classify(solid((10, 250, 10))).best
    assert best is not None
    assert best.category == "glass"


@pytest.mark.parametrize(
    ("mapping", "problem"),
    [
        ("red_can: shiny_metal\n", "unknown category 'shiny_metal'"),
        ("red_can: {item: no_such_item}\n", "unknown item 'no_such_item'"),
        ("red_can: {category: metal, colour: red}\n", "expected a slug"),
        ("- red_can\n", "must be a mapping"),
        ("red_can: [metal\n", "not valid YAML"),
    ],
)
def test_label_maps_that_invent_categories_are_refused(
    tmp_path: Path, knowledge: KnowledgeBase, mapping: str, problem: str
) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(mapping, encoding="utf-8")
    with pytest.raises(VisionConfigError, match=problem):
        load_label_map(path, knowledge)


def test_files_that_do_not_fit_the_model_are_refused(
    tmp_path: Path, operator_files: OperatorFiles, knowledge: KnowledgeBase
) -> None:
    short = tmp_path / "short.txt"
    short.write_text("\n".join(LABELS[:3]), encoding="utf-8")
    with pytest.raises(VisionConfigError, match="4 classes but short.txt has 3 labels"):
        OnnxWasteClassifier(operator_files.model, short, operator_files.mapping, knowledge)
    stray = tmp_path / "stray.yaml"
    stray.write_text("dog: general\n", encoding="utf-8")
    with pytest.raises(VisionConfigError, match="labels the model lacks"):
        OnnxWasteClassifier(operator_files.model, operator_files.labels, stray, knowledge)
    with pytest.raises(VisionConfigError, match="model file not found"):
        OnnxWasteClassifier(
            tmp_path / "missing.onnx", operator_files.labels, operator_files.mapping, knowledge
        )
    garbage = tmp_path / "garbage.onnx"
    garbage.write_bytes(b"not a model")
    with pytest.raises(VisionConfigError, match="cannot load ONNX model"):
        OnnxWasteClassifier(garbage, operator_files.labels, operator_files.mapping, knowledge)
