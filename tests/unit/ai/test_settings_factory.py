"""AiSettings from ECOECO_AI_ variables, and the lazy once-per-process factory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from ecoeco.composition import Shared
from ecoeco.knowledge import KnowledgeBase
from ecoeco.workers.ai.adapters import factory
from ecoeco.workers.ai.ports import Classifier
from ecoeco.workers.ai.settings import IMAGENET_MODEL, AiSettings, ClassifierKind
from tests.unit.ai.tiny_models import OperatorFiles, solid


def test_defaults_use_the_bundled_model(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLASSIFIER", "MODEL_PATH", "TOP_K", "INTRA_OP_THREADS"):
        monkeypatch.delenv(f"ECOECO_AI_{name}", raising=False)
    settings = AiSettings()
    assert settings.classifier is ClassifierKind.imagenet
    assert settings.imagenet_model_path == IMAGENET_MODEL
    assert IMAGENET_MODEL.is_file()
    assert settings.top_k == 5


def test_environment_variables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ECOECO_AI_CLASSIFIER", "onnx")
    monkeypatch.setenv("ECOECO_AI_MODEL_PATH", str(tmp_path / "m.onnx"))
    monkeypatch.setenv("ECOECO_AI_LABELS_PATH", str(tmp_path / "l.txt"))
    monkeypatch.setenv("ECOECO_AI_LABEL_MAP_PATH", str(tmp_path / "map.yaml"))
    monkeypatch.setenv("ECOECO_AI_TOP_K", "3")
    monkeypatch.setenv("ECOECO_AI_INTRA_OP_THREADS", "2")
    monkeypatch.setenv("ECOECO_AI_INPUT_MEAN", "[0.485, 0.456, 0.406]")
    settings = AiSettings()
    assert settings.classifier is ClassifierKind.onnx
    assert settings.model_path == tmp_path / "m.onnx"
    assert (settings.top_k, settings.intra_op_threads) == (3, 2)
    assert settings.input_mean == (0.485, 0.456, 0.406)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"classifier": "onnx"}, "ECOECO_AI_MODEL_PATH, ECOECO_AI_LABELS_PATH"),
        ({"classifier": "openai"}, "ECOECO_AI_OPENAI_BASE_URL"),
        ({"classifier": "tensorflow"}, "classifier"),
        ({"top_k": 0}, "top_k"),
    ],
)
def test_unusable_settings_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        AiSettings.model_validate(kwargs)


def test_api_key_is_secret() -> None:
    settings = AiSettings(classifier="openai", openai_base_url="http://x/v1", openai_api_key="sk-1")
    assert "sk-1" not in repr(settings)


def test_model_loads_lazily_and_once_per_process(
    operator_files: OperatorFiles, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shared = Shared(tmp_path)  # the composition root's per-process models
    created: list[str] = []
    real_create = factory._create

    def counting(settings: AiSettings, kb: KnowledgeBase) -> Classifier:
        created.append(settings.classifier)
        return real_create(settings, kb)

    monkeypatch.setattr(factory, "_create", counting)
    settings = AiSettings(
        classifier=ClassifierKind.onnx,
        model_path=operator_files.model,
        labels_path=operator_files.labels,
        label_map_path=operator_files.mapping,
    )
    first = shared.classifier(settings)
    second = shared.classifier(settings.model_copy())
    assert first.name == "onnx:tiny"
    assert created == []  # nothing loaded yet
    a = first.classify(solid((250, 10, 10)))
    b = second.classify(solid((250, 10, 10)))
    assert created == ["onnx"]  # one model for the whole process
    assert first.warm() is second.warm()
    assert a == b
    many = first.classify_many([solid((250, 10, 10)), np.full((5, 5, 3), 9, np.uint8)])
    assert many[0] == a


def test_different_api_keys_get_different_clients(tmp_path: Path) -> None:
    shared = Shared(tmp_path)
    base = {"classifier": "openai", "openai_base_url": "http://127.0.0.1:9/v1"}
    one = shared.classifier(AiSettings.model_validate({**base, "openai_api_key": "a"}))
    two = shared.classifier(AiSettings.model_validate({**base, "openai_api_key": "b"}))
    again = shared.classifier(AiSettings.model_validate({**base, "openai_api_key": "a"}))
    assert one.name == "openai:gpt-4o-mini"
    assert one.warm() is not two.warm()
    assert one.warm() is again.warm()
