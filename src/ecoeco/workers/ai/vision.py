"""The vision stage: the classifier off the event loop with a time limit and retries; hints."""

from __future__ import annotations

import asyncio
import io
import logging
import time
from dataclasses import dataclass

import numpy as np
import orjson
from PIL import Image

from ecoeco.core.cache import Cache
from ecoeco.core.cpu import run_cpu_within
from ecoeco.core.observability import metrics
from ecoeco.knowledge import ItemSearch, SearchHit
from ecoeco.workers.ai.ports import (
    Candidate,
    Classifier,
    RGBImage,
    VisionError,
    VisionResult,
    VisionUnavailable,
)

log = logging.getLogger(__name__)

STRONG_HINT = 0.75  # a hint scoring this high names the item; below, its hits are candidates


@dataclass(frozen=True)
class VisionPolicy:
    """How hard the vision stage tries."""

    top_k: int = 5
    timeout: float = 30.0
    retries: int = 2
    backoff: float = 0.5


def decode(data: bytes) -> RGBImage:
    """The stored normalized JPEG as an RGB array (blocking)."""
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"), dtype=np.uint8)


class ImageUnreadable(VisionError):
    """The stored image cannot be decoded (never retried: it will not get better)."""

    code = "image_corrupt"


def _decoded_and_classified(classifier: Classifier, data: bytes, top_k: int) -> VisionResult:
    """In the CPU pool: the stored photo decoded, then classified (blocking)."""
    try:
        image = decode(data)
    except (OSError, ValueError):
        raise ImageUnreadable("the stored image cannot be read") from None
    return classifier.classify(image, top_k)


def vision_key(scan_id: str) -> str:
    """The cache key of a scan's vision result (kept so a redelivery does not infer again)."""
    return f"ai:vision:{scan_id}"


def _dump(result: VisionResult) -> bytes:
    # orjson writes a dataclass as `dataclasses.asdict` would (fields in order, tuples as
    # lists), without asdict's recursive deep copy: ~6 us per scan on the event loop
    # instead of ~130 (measured on this machine, 2026-12-02)
    return orjson.dumps(result)


def _load(raw: bytes) -> VisionResult:
    data = orjson.loads(raw)
    return VisionResult(
        model=data["model"],
        candidates=[
            Candidate(**{**c, "choices": tuple(c.get("choices", ()))}) for c in data["candidates"]
        ],
        raw_labels=[(str(label), float(score)) for label, score in data["raw_labels"]],
    )


async def classify(classifier: Classifier, data: bytes, policy: VisionPolicy) -> VisionResult:
    """Decode the stored photo and run one inference on it, in one CPU-pool job; retry
    timeouts and retryable errors with backoff. An image that cannot be decoded raises
    `ImageUnreadable` at once.

    One job, not a decode job and then an inference job: each job is a hand-off to a
    pool thread and back, and each hand-off on two busy cores is a wait for the
    interpreter lock on either side. The time limit counts from when the job starts,
    not while it waits for a core.
    """
    last: VisionError = VisionUnavailable("the image model did not answer")
    for attempt in range(policy.retries + 1):
        if attempt:
            await asyncio.sleep(policy.backoff * 2 ** (attempt - 1))
        started = time.perf_counter()
        try:
            result = await run_cpu_within(
                "vision", policy.timeout, _decoded_and_classified, classifier, data, policy.top_k
            )
        except TimeoutError:
            last = VisionUnavailable(f"the image model took longer than {policy.timeout:g}s")
        except VisionError as exc:
            if not exc.retryable:
                raise
            last = exc
        except Exception as exc:  # an adapter bug must end in a failed scan, not a dead worker
            log.exception("classifier %s failed", classifier.name)
            last = VisionError(f"the image model failed: {type(exc).__name__}")
        else:
            metrics.MODEL_INFERENCE.labels(classifier.name).observe(time.perf_counter() - started)
            return result
    raise last


async def recall(cache: Cache, scan_id: str) -> VisionResult | None:
    """The vision result an earlier delivery of this scan remembered, if any."""
    raw = await cache.get(vision_key(scan_id))
    if raw is None:
        return None
    try:
        return _load(raw)
    except (KeyError, TypeError, ValueError):
        log.warning("ignoring an unreadable cached vision result")
        return None


def remembered(result: VisionResult) -> bytes:
    """The cached form of a vision result (stored under `vision_key`)."""
    return _dump(result)


@dataclass(frozen=True)
class HintMatch:
    """What the typed hint names: a strong hit decides, weak hits are only candidates."""

    strong: SearchHit | None
    weak: tuple[SearchHit, ...]


def match_hint(search: ItemSearch, hint: str) -> HintMatch:
    """Search the item catalogue for the hint (the same logic the info service uses)."""
    hits = search.search(hint, limit=5).hits
    if hits and hits[0].score >= STRONG_HINT:
        return HintMatch(hits[0], hits[1:])
    return HintMatch(None, hits)
