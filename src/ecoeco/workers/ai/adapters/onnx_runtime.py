"""An ONNX image classifier on the CPU: one session per model, preprocessing, class scores."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from PIL import Image

from ecoeco.core import cpu
from ecoeco.workers.ai.ports import Candidate, RGBImage, VisionConfigError, VisionResult

Scores = npt.NDArray[np.float32]
Layout = Literal["nchw", "nhwc"]
Target = tuple[str, str | None]  # (category slug, item id or None)


@dataclass(frozen=True)
class InputSpec:
    """What the model's image input expects: layout, side, dtype and normalization."""

    layout: Layout
    height: int
    width: int
    as_uint8: bool
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    crop: float  # centre-crop fraction of the shorter side before resizing
    fixed_batch: bool


class OnnxImageModel:
    """An ONNX Runtime session for an image classifier, created once and shared by threads.

    A lone call runs on `threads` intra-op threads (0: onnxruntime's default, one per
    core). Calls that overlap (the CPU pool runs one per core) each run on one thread of
    their own, in a second session: otherwise every call in flight would spread over
    every core, and on a busy machine each of its operators waits for the slowest of its
    threads (and wakes them all) while the cores are already taken by the other calls.
    A call is crowded too when the CPU pool holds other jobs (waiting, or running outside
    this model: a decode, a preprocessing step): spreading over the cores then only buys
    the lone call's thread hand-offs, which cost CPU the other jobs are waiting for. A
    call on its own is exactly what it was (the same session, the same threads).
    """

    def __init__(
        self,
        path: Path,
        *,
        threads: int = 0,
        spinning: bool = False,
        mean: tuple[float, float, float] = (127.0, 127.0, 127.0),
        std: tuple[float, float, float] = (128.0, 128.0, 128.0),
        crop: float = 0.875,
    ) -> None:
        if not path.is_file():
            raise VisionConfigError(f"model file not found: {path}")
        self._session = _session(path, threads, spinning)
        # overlapping calls: one thread each (none needed when a lone call has one)
        self._crowd = _session(path, 1, spinning) if threads != 1 else self._session
        self._running = 0
        self._counting = threading.Lock()
        inputs = self._session.get_inputs()
        if len(inputs) != 1:
            raise VisionConfigError(f"model {path.name} must take one image input")
        self._input_name: str = inputs[0].name
        self.spec = _input_spec(inputs[0], mean, std, crop, path.name)
        output_shape = self._session.get_outputs()[0].shape
        classes = output_shape[-1] if output_shape else None
        self.classes: int | None = classes if isinstance(classes, int) else None
        self.overlapped = 0  # calls that ran on the one-thread session (crowded)

    def scores(self, images: Sequence[RGBImage]) -> Scores:
        """Class probabilities, one row per image."""
        if not images:
            return np.zeros((0, self.classes or 0), np.float32)
        batch = np.stack([preprocess(image, self.spec) for image in images])
        if self.spec.fixed_batch and len(images) > 1:
            rows = [self._run(batch[i : i + 1]) for i in range(len(images))]
            return np.concatenate(rows)
        return self._run(batch)

    def _run(self, batch: npt.NDArray[Any]) -> Scores:
        """Run a session (the lone one, or the one-thread one beside another call) and
        turn its output into probabilities."""
        with self._counting:
            crowded = self._running > 0 or cpu.jobs_in_flight() > 1
            self._running += 1
            self.overlapped += crowded
        try:
            session = self._crowd if crowded else self._session
            (raw,) = session.run(None, {self._input_name: batch})[:1]
        finally:
            with self._counting:
                self._running -= 1
        out = np.asarray(raw, dtype=np.float32).reshape(batch.shape[0], -1)
        return as_probabilities(out)


def _session(path: Path, threads: int, spinning: bool) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Busy-waiting threads speed up a lone benchmark but steal the CPU from everything
    # else in a worker (and from other pods on the node); off unless asked for.
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        return ort.InferenceSession(
            str(path), sess_options=options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # onnxruntime raises its own untyped errors
        raise VisionConfigError(f"cannot load ONNX model {path.name}: {exc}") from exc


def _input_spec(
    node: Any,
    mean: tuple[float, float, float],
    std: tuple[float, float, float],
    crop: float,
    name: str,
) -> InputSpec:
    """Read layout, size and dtype from the model's input declaration."""
    shape = list(node.shape)
    if len(shape) != 4:
        raise VisionConfigError(f"model {name} input must be 4-D (batch, image), got {shape}")
    if shape[1] == 3:
        layout: Layout = "nchw"
        height, width = shape[2], shape[3]
    elif shape[3] == 3:
        layout = "nhwc"
        height, width = shape[1], shape[2]
    else:
        raise VisionConfigError(f"model {name} input has no 3-channel axis: {shape}")
    if not isinstance(height, int) or not isinstance(width, int):
        height = width = 224  # a fully dynamic input: use the common ImageNet side
    if node.type not in ("tensor(float)", "tensor(uint8)"):
        raise VisionConfigError(f"model {name} input type {node.type} is not supported")
    return InputSpec(
        layout=layout,
        height=height,
        width=width,
        as_uint8=node.type == "tensor(uint8)",
        mean=mean,
        std=std,
        crop=crop,
        fixed_batch=shape[0] == 1,
    )


def preprocess(image: RGBImage, spec: InputSpec) -> npt.NDArray[Any]:
    """Centre-crop, resize (bicubic) and normalize one RGB image for the model."""
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(f"expected an H x W x 3 uint8 image, got {image.shape} {image.dtype}")
    h, w = image.shape[:2]
    side = min(h, w) * spec.crop
    aspect = spec.width / spec.height
    crop_w, crop_h = (side * aspect, side) if aspect <= 1 else (side, side / aspect)
    left, top = (w - crop_w) / 2, (h - crop_h) / 2
    pil = Image.fromarray(image, "RGB").resize(
        (spec.width, spec.height),
        Image.Resampling.BICUBIC,
        box=(left, top, left + crop_w, top + crop_h),
    )
    pixels = np.asarray(pil, dtype=np.uint8)
    if spec.as_uint8:
        out: npt.NDArray[Any] = pixels
    else:
        mean = np.asarray(spec.mean, np.float32)
        std = np.asarray(spec.std, np.float32)
        out = (pixels.astype(np.float32) - mean) / std
    return np.ascontiguousarray(out.transpose(2, 0, 1) if spec.layout == "nchw" else out)


def as_probabilities(out: Scores) -> Scores:
    """Rows that already are distributions stay; logits go through a softmax."""
    if out.size and out.min() >= 0.0 and np.allclose(out.sum(axis=1), 1.0, atol=1e-3):
        return out
    shifted = out - out.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    probs: Scores = (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32)
    return probs


def rank(
    probs: Scores,
    labels: Sequence[str],
    target: Callable[[int], Target | None],
    top_k: int,
    ambiguous: Collection[int] = (),
    choices: Mapping[int, tuple[str, ...]] | None = None,
) -> tuple[list[Candidate], list[tuple[str, float]]]:
    """Top-k classes as raw labels, and the waste candidates they mean (merged per target).

    A candidate is ambiguous only when every class behind it is; it carries the item
    choices of its ambiguous classes (`choices`: class index -> item ids), in order.
    """
    choices = choices or {}
    order = np.argsort(-probs)[:top_k]
    raw = [(labels[i], float(probs[i])) for i in order]
    merged: dict[Target, Candidate] = {}
    for i in order:
        meaning = target(int(i))
        if meaning is None:
            continue  # no waste meaning: dropped, never guessed
        score = float(probs[i])
        unsure = int(i) in ambiguous
        options = choices.get(int(i), ()) if unsure else ()
        seen = merged.get(meaning)
        if seen is None:
            merged[meaning] = Candidate(meaning[0], score, meaning[1], labels[i], unsure, options)
        else:
            still = seen.ambiguous and unsure
            merged[meaning] = Candidate(
                seen.category,
                seen.score + score,
                seen.item_id,
                seen.label,
                still,
                tuple(dict.fromkeys((*seen.choices, *options))) if still else (),
            )
    candidates = sorted(merged.values(), key=lambda c: -c.score)
    return candidates, raw


def read_labels(path: Path) -> list[str]:
    """One label per non-empty line, in the model's output order."""
    if not path.is_file():
        raise VisionConfigError(f"labels file not found: {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip()]


class RankedClassifier:
    """The scoring loop both ONNX adapters share: model probabilities → ranked candidates."""

    name: str
    _model: OnnxImageModel
    _labels: list[str]
    _targets: dict[int, Target]
    _ambiguous: frozenset[int] = frozenset()
    _choices: Mapping[int, tuple[str, ...]] = MappingProxyType({})

    def classify(self, image: RGBImage, top_k: int = 5) -> VisionResult:
        """Rank waste candidates for one image."""
        return self.classify_many([image], top_k)[0]

    def classify_many(self, images: Sequence[RGBImage], top_k: int = 5) -> list[VisionResult]:
        """Rank waste candidates for several images in one batch."""
        results = []
        for probs in self._model.scores(images):
            candidates, raw = rank(
                probs, self._labels, self._targets.get, top_k, self._ambiguous, self._choices
            )
            results.append(VisionResult(self.name, candidates, raw))
        return results
