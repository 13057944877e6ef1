"""Fixtures for the vision adapter tests: the knowledge base and tiny ONNX models."""

from __future__ import annotations

from pathlib import Path

import pytest

from ecoeco.knowledge import KnowledgeBase, load_knowledge
from tests.unit.ai.tiny_models import LABELS, OperatorFiles, build_nchw_float


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    """The shipped knowledge base."""
    return load_knowledge()


@pytest.fixture
def operator_files(tmp_path: Path, knowledge: KnowledgeBase) -> OperatorFiles:
    """A tiny operator model with its labels file and label -> category map."""
    can = next(i for i in knowledge.items if i.category == "metal")
    model = build_nchw_float(tmp_path / "tiny.onnx")
    labels = tmp_path / "labels.txt"
    labels.write_text("\n".join(LABELS) + "\n", encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        f"red_can: {{item: {can.id}}}\ngreen_bottle: glass\nblue_thing: null\n", encoding="utf-8"
    )
    return OperatorFiles(model, labels, mapping, can.id)
