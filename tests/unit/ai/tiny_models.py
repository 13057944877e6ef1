"""Tiny ONNX image classifiers built with onnx.helper: the class follows the mean colour."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

LABELS = ["red_can", "green_bottle", "blue_thing", "cat"]
# logits = W @ mean(R, G, B): a red image scores "red_can" highest, and so on.
WEIGHTS = np.array(
    [[4.0, -2.0, -2.0], [-2.0, 4.0, -2.0], [-2.0, -2.0, 4.0], [-1.0, -1.0, -1.0]], np.float32
)


@dataclass(frozen=True)
class OperatorFiles:
    """What an operator configures: model, labels, label map; and the item the map names."""

    model: Path
    labels: Path
    mapping: Path
    can_id: str


def build_nchw_float(path: Path, side: int = 16, fixed_batch: bool = False) -> Path:
    """float32 [N, 3, side, side] (normalized input) -> logits [N, 4]."""
    return _mean_colour_classifier(path, WEIGHTS, side, 1 if fixed_batch else "N", "tiny_nchw")


def _mean_colour_classifier(
    path: Path, weights: np.ndarray, side: int, batch: int | str, name: str
) -> Path:
    """float32 [batch, 3, side, side] -> logits = weights @ mean(R, G, B)."""
    classes = weights.shape[0]
    image = helper.make_tensor_value_info("pixels", TensorProto.FLOAT, [batch, 3, side, side])
    logits = helper.make_tensor_value_info("scores", TensorProto.FLOAT, [batch, classes])
    nodes = [
        helper.make_node("GlobalAveragePool", ["pixels"], ["pooled"]),
        helper.make_node("Flatten", ["pooled"], ["flat"], axis=1),
        helper.make_node("Gemm", ["flat", "W", "B"], ["scores"], transB=1),
    ]
    inits = [
        numpy_helper.from_array(weights.astype(np.float32), "W"),
        numpy_helper.from_array(np.zeros(classes, np.float32), "B"),
    ]
    graph = helper.make_graph(nodes, name, [image], [logits], inits)
    return _save(graph, path)


def build_nhwc_uint8_softmax(path: Path, side: int = 8) -> Path:
    """uint8 [N, side, side, 3] -> probabilities [N, 4] (normalization inside the model)."""
    image = helper.make_tensor_value_info("rgb", TensorProto.UINT8, ["N", side, side, 3])
    probs = helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["N", len(LABELS)])
    nodes = [
        helper.make_node("Cast", ["rgb"], ["f"], to=TensorProto.FLOAT),
        helper.make_node("Div", ["f", "scale"], ["unit"]),
        helper.make_node("ReduceMean", ["unit", "axes"], ["mean"], keepdims=0),
        helper.make_node("Gemm", ["mean", "W", "B"], ["logits"], transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], axis=1),
    ]
    inits = [
        numpy_helper.from_array(np.array(255.0, np.float32), "scale"),
        numpy_helper.from_array(np.array([1, 2], np.int64), "axes"),
        numpy_helper.from_array(WEIGHTS * 4, "W"),
        numpy_helper.from_array(np.zeros(len(LABELS), np.float32), "B"),
    ]
    graph = helper.make_graph(nodes, "tiny_nhwc", [image], [probs], inits)
    return _save(graph, path)


def _save(graph: onnx.GraphProto, path: Path) -> Path:
    """Check and write the model with a conservative opset."""
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path


def solid(rgb: tuple[int, int, int], height: int = 40, width: int = 60) -> np.ndarray:
    """A solid-colour RGB photo."""
    image = np.zeros((height, width, 3), np.uint8)
    image[:] = rgb
    return image


def build_imagenet_by_colour(path: Path, classes: dict[int, tuple[float, float, float]]) -> Path:
    """A 1000-class ImageNet-shaped model: a photo of one of `classes`' colours reads as it.

    float32 [N, 3, 16, 16] -> logits [N, 1000]; class i scores the dot product of its
    weight row (the colour, each channel in -1..1) with the mean normalized pixel, so a
    solid photo of that colour scores it far above the rest.
    """
    weights = np.zeros((1000, 3), np.float32)
    for index, colour in classes.items():
        weights[index] = [6.0 * (channel * 2 - 1) for channel in colour]
    return _mean_colour_classifier(path, weights, 16, "N", "tiny_imagenet")
