"""Raw classifier throughput: inferences per second of the default EfficientNet-Lite0 classifier.

Measures, in one run, `classify()` on real photos (preprocessing + ONNX Runtime + label mapping)
with one intra-op thread (the baseline) and with the default settings (ECOECO_AI_INTRA_OP_THREADS=0,
i.e. onnxruntime's one thread per core, without spinning), with spinning, from as many caller
threads as cores, and batched by 8; then prints each figure as a ratio to the baseline.

    .venv/bin/python bench/scan/raw_inference.py [--seconds 5]

`measure()` is importable for the end-to-end benchmark, which divides its scans per second by
this number measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from skimage import data

from ecoeco.knowledge import load_knowledge
from ecoeco.workers.ai.adapters.onnx_imagenet import ImagenetClassifier
from ecoeco.workers.ai.adapters.onnx_runtime import InputSpec, preprocess
from ecoeco.workers.ai.ports import RGBImage
from ecoeco.workers.ai.settings import IMAGENET_LABELS, IMAGENET_MODEL, AiSettings

PHOTOS = ("coffee", "chelsea", "astronaut", "rocket", "camera")


def photos() -> list[RGBImage]:
    """Real RGB photos of varied sizes from scikit-image's data module."""
    out = []
    for name in PHOTOS:
        image = getattr(data, name)()
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        out.append(np.ascontiguousarray(image[..., :3]).astype(np.uint8))
    return out


def measure(
    work: Callable[[RGBImage], object],
    images: Sequence[RGBImage],
    seconds: float,
    callers: int = 1,
    per_call: int = 1,
) -> float:
    """Images classified per second by `callers` threads calling `work` for `seconds`."""
    for image in images[:2]:
        work(image)  # warm-up: first-run allocations and thread-pool start
    deadline = time.perf_counter() + seconds

    def loop(offset: int) -> int:
        done = 0
        while time.perf_counter() < deadline:
            work(images[(offset + done) % len(images)])
            done += 1
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(callers) as pool:
        total = sum(pool.map(loop, range(callers)))
    return total * per_call / (time.perf_counter() - started)


def build(threads: int, spinning: bool) -> ImagenetClassifier:
    """A fresh classifier (its own ONNX Runtime session) with `threads` intra-op threads."""
    return ImagenetClassifier(
        IMAGENET_MODEL, IMAGENET_LABELS, load_knowledge(), threads=threads, spinning=spinning
    )


def main() -> None:
    """Measure and print inferences per second and ratios to the single-thread baseline."""
    parser = argparse.ArgumentParser(description="raw classifier inferences per second")
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    args = parser.parse_args()
    images = photos()
    cores = os.cpu_count() or 1
    settings = AiSettings()
    single = build(1, False)
    default = build(settings.intra_op_threads, settings.intra_op_spinning)
    spinning = build(settings.intra_op_threads, True)
    batch = [images[i % len(images)] for i in range(8)]
    spec = InputSpec("nchw", 224, 224, False, (127.0,) * 3, (128.0,) * 3, 0.875, False)

    def spec_only(image: RGBImage) -> object:
        return preprocess(image, spec)

    rows = [
        ("1 thread, 1 caller (baseline)", measure(single.classify, images, args.seconds)),
        ("default settings, 1 caller", measure(default.classify, images, args.seconds)),
        ("default + spinning, 1 caller", measure(spinning.classify, images, args.seconds)),
        (
            f"1 thread, {cores} callers",
            measure(single.classify, images, args.seconds, callers=cores),
        ),
        (
            "default settings, batch of 8",
            measure(lambda _: default.classify_many(batch), images, args.seconds, per_call=8),
        ),
        ("preprocessing alone (no model)", measure(spec_only, images, args.seconds)),
    ]
    baseline = rows[0][1]
    print(f"EfficientNet-Lite0 classify() on {len(images)} photos, {cores} cores")
    print(f"{'setting':34} {'inferences/s':>12} {'ratio':>7}")
    for name, rate in rows:
        print(f"{name:34} {rate:12.1f} {rate / baseline:7.2f}")


if __name__ == "__main__":
    main()
