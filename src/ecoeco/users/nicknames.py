"""Nickname rules: 2–20 characters of Hangul syllables, Latin letters, digits and `_`."""

from __future__ import annotations

import re
import unicodedata

MIN_LENGTH = 2
MAX_LENGTH = 20
_ALLOWED = re.compile(r"[가-힣A-Za-z0-9_]+")
_DISALLOWED = re.compile(r"[^가-힣A-Za-z0-9_]")


class NicknameError(ValueError):
    """The nickname breaks a rule; the message says which."""


def normalize(raw: str) -> str:
    """The nickname as stored: NFC (so decomposed Hangul counts as syllables), trimmed."""
    return unicodedata.normalize("NFC", raw).strip()


def validate(raw: str) -> str:
    """The normalised nickname, or NicknameError."""
    nickname = normalize(raw)
    if not MIN_LENGTH <= len(nickname) <= MAX_LENGTH:
        raise NicknameError(f"a nickname has {MIN_LENGTH} to {MAX_LENGTH} characters")
    if _ALLOWED.fullmatch(nickname) is None:
        raise NicknameError("a nickname uses only Korean, Latin letters, digits and _")
    return nickname


def key(nickname: str) -> str:
    """The form uniqueness is checked on (case does not make a new nickname)."""
    return nickname.lower()


def suggest(raw: str | None) -> str | None:
    """A valid nickname made from a provider's display name, or None."""
    if not raw:
        return None
    cleaned = _DISALLOWED.sub("", normalize(raw).replace(" ", "_"))[:MAX_LENGTH].strip("_")
    return cleaned if len(cleaned) >= MIN_LENGTH else None
