"""An operator's own ONNX waste classifier: model file, labels file and a label -> category map."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ecoeco.knowledge import KnowledgeBase
from ecoeco.workers.ai.adapters.onnx_runtime import (
    OnnxImageModel,
    RankedClassifier,
    Target,
    read_labels,
)
from ecoeco.workers.ai.ports import VisionConfigError


class OnnxWasteClassifier(RankedClassifier):
    """Runs any image classifier whose labels the operator maps to our categories and items."""

    def __init__(
        self,
        model_path: Path,
        labels_path: Path,
        label_map_path: Path,
        knowledge: KnowledgeBase,
        *,
        threads: int = 0,
        spinning: bool = False,
        mean: tuple[float, float, float] = (127.0, 127.0, 127.0),
        std: tuple[float, float, float] = (128.0, 128.0, 128.0),
        crop: float = 1.0,
    ) -> None:
        self.name = f"onnx:{model_path.stem}"
        self._model = OnnxImageModel(
            model_path, threads=threads, spinning=spinning, mean=mean, std=std, crop=crop
        )
        self._labels = read_labels(labels_path)
        if self._model.classes is not None and self._model.classes != len(self._labels):
            raise VisionConfigError(
                f"model {model_path.name} has {self._model.classes} classes "
                f"but {labels_path.name} has {len(self._labels)} labels"
            )
        mapping = load_label_map(label_map_path, knowledge)
        unknown = sorted(set(mapping) - set(self._labels))
        if unknown:
            raise VisionConfigError(f"label map names labels the model lacks: {unknown[:5]}")
        self._targets = {
            i: mapping[label] for i, label in enumerate(self._labels) if label in mapping
        }


def load_label_map(path: Path, knowledge: KnowledgeBase) -> dict[str, Target]:
    """Read `label: slug` or `label: {category, item}` entries, checked against the knowledge."""
    if not path.is_file():
        raise VisionConfigError(f"label map not found: {path}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise VisionConfigError(f"label map {path.name} is not valid YAML: {exc}") from exc
    if not isinstance(raw, Mapping):
        raise VisionConfigError(f"label map {path.name} must be a mapping of label -> category")
    mapping: dict[str, Target] = {}
    problems: list[str] = []
    for label, value in raw.items():
        target = _target(str(label), value, knowledge, problems)
        if target is not None:
            mapping[str(label)] = target
    if problems:
        raise VisionConfigError(f"label map {path.name}: " + "; ".join(problems[:10]))
    return mapping


def _target(label: str, value: Any, kb: KnowledgeBase, problems: list[str]) -> Target | None:
    """One entry's (category, item); unknown slugs and items are problems, never guesses."""
    if value is None:
        return None  # explicitly no waste meaning
    category: Any
    item: Any
    if isinstance(value, str):
        category, item = value, None
    elif isinstance(value, Mapping) and set(value) <= {"category", "item"}:
        category, item = value.get("category"), value.get("item")
    else:
        problems.append(f"{label!r}: expected a slug or {{category, item}}")
        return None
    if item is not None and not kb.has_item(str(item)):
        problems.append(f"{label!r}: unknown item {item!r}")
        return None
    if category is None and item is not None:
        category = kb.item(str(item)).category
    if category is None or not kb.has_category(str(category)):
        problems.append(f"{label!r}: unknown category {category!r}")
        return None
    return str(category), str(item) if item is not None else None
