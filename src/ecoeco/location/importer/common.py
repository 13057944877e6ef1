"""Helpers both file formats share: number parsing, fallback ids, record building."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from ecoeco.location.importer.runner import ParsedRow
from ecoeco.location.records import PlaceRecord


def number(value: object, what: str) -> float:
    """A float from a cell, or a ValueError naming the field."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value if value is not None else "").strip()
    if not text:
        raise ValueError(f"{what} is missing")
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{what} is not a number: {text!r}") from None


def fallback_id(name: str, lat: float, lon: float) -> str:
    """A stable id for rows that carry none: a digest of name and rounded position."""
    digest = hashlib.sha1(f"{name}|{lat:.6f}|{lon:.6f}".encode(), usedforsecurity=False)
    return "h:" + digest.hexdigest()[:20]


def clean(value: object) -> str | None:
    """Trimmed text, or None when empty."""
    text = str(value).strip() if value is not None else ""
    return text or None


def build(line: int, make: Callable[[], PlaceRecord]) -> ParsedRow:
    """Run a record builder, turning a validation failure into an invalid row."""
    try:
        return ParsedRow(line, record=make())
    except (ValueError, TypeError, KeyError) as exc:
        return ParsedRow(line, error=str(exc) or type(exc).__name__)
