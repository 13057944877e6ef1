"""Lexical evidence for one item: a graded score and its kind, and how the best is kept."""

from __future__ import annotations

from dataclasses import dataclass

EXACT_SCORE = 1.0
SYNONYM_SCORE = 0.95


@dataclass(frozen=True)
class Evidence:
    """The best lexical evidence for one item: a score in [0, 1] and its kind."""

    score: float
    kind: str  # "exact" | "synonym" | "word" | "fuzzy"
    named: bool = False  # the query names the item: whole query or a whole word of it


def offer(found: dict[int, Evidence], item: int, evidence: Evidence) -> None:
    """Keep the best score per item, remembering whether any evidence named it."""
    named = evidence.named or evidence.kind in ("exact", "synonym", "word")
    known = found.get(item)
    if known is None:
        found[item] = Evidence(evidence.score, evidence.kind, named)
    elif known.score < evidence.score:
        found[item] = Evidence(evidence.score, evidence.kind, named or known.named)
    elif named and not known.named:
        found[item] = Evidence(known.score, known.kind, True)
