"""Errors of the character service."""

from __future__ import annotations

from ecoeco.core.errors import NotFound


class CharacterNotFound(NotFound):
    """No character has this code."""

    def __init__(self, code: str) -> None:
        super().__init__(f"no character with code {code!r}")
