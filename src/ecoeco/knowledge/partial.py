"""Partial-word evidence: the query inside a longer name, or a name glued inside the query."""

from __future__ import annotations

PARTIAL_CAP = 0.72  # the query inside a longer name: below STRONG unless a letter is missing
_NOUN_SUFFIXES = frozenset({"이", "개", "통", "들"})  # 뽁뽁(이): the same; 생수기 is no 생수


def in_longer_name(qkey: str, nkey: str, vocabulary: set[str]) -> float:
    """The query inside a longer name: a kind of it ("체온계" in "수은체온계") or a part of
    something else ("치킨" in "치킨뼈", "계란" in "계란판"), weak unless a suffix is missing.
    An ending that is no word of its own ("위치" of "스위치") is no kind of anything.
    """
    if len(qkey) < (3 if qkey.isascii() else 2) or qkey not in nkey or len(qkey) == len(nkey):
        return 0.0
    score = 0.62 + 0.2 * len(qkey) / len(nkey)
    if nkey.endswith(qkey) and (qkey in vocabulary or qkey.isascii()):  # a kind of it
        return score + 0.05
    rest = nkey.replace(qkey, "", 1)
    suffix = nkey.startswith(qkey) and (
        rest in _NOUN_SUFFIXES or (rest.isascii() and len(rest) <= 2)
    )
    return score + 0.05 if suffix else min(score, PARTIAL_CAP)


def glued_inside(qkey: str, nkey: str) -> float:
    """A name glued inside the query ("다쓴샴푸통은"): fair evidence, below a whole word."""
    if len(nkey) >= 2 and nkey in qkey and len(nkey) < len(qkey):
        return 0.74 + 0.08 * len(nkey) / len(qkey)
    return 0.0
