"""What the ai worker needs from models: a Classifier (and later Embedder, LLM)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import numpy.typing as npt

RGBImage = npt.NDArray[np.uint8]  # H x W x 3, RGB, uint8


@dataclass(frozen=True)
class Candidate:
    """One guess: a waste category (and item, when known) with the model's score."""

    category: str
    score: float
    item_id: str | None = None
    label: str | None = None
    ambiguous: bool = False
    """The label does not settle the item or its material: ask, never decide on it alone."""
    choices: tuple[str, ...] = ()
    """Item ids an ambiguous label may mean, most likely first: what the person picks from."""


@dataclass(frozen=True)
class VisionResult:
    """The classifier's ranked guesses; empty when nothing had a waste meaning."""

    model: str
    candidates: list[Candidate] = field(default_factory=list)
    raw_labels: list[tuple[str, float]] = field(default_factory=list)

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None


class Classifier(Protocol):
    """Maps a photo to waste candidates. Blocking and CPU-bound: call it in a thread."""

    name: str

    def classify(self, image: RGBImage, top_k: int = 5) -> VisionResult:
        """Rank waste candidates for one image."""


class VisionError(Exception):
    """The vision stage could not classify this image; `reason` is safe to show a person."""

    code = "vision_failed"
    retryable = False

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class VisionUnavailable(VisionError):
    """The model or endpoint did not answer in time (timeout, 429, 5xx) even after retries."""

    code = "vision_unavailable"
    retryable = True


class VisionResponseInvalid(VisionError):
    """The endpoint answered, but not with JSON that fits the schema and the category slugs."""

    code = "vision_invalid_response"


class VisionConfigError(VisionError):
    """The classifier is misconfigured (missing model, labels that do not fit, unknown slugs)."""

    code = "vision_misconfigured"
