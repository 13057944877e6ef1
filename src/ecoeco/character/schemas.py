"""Response bodies of the character service."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from ecoeco.character.catalogue import Character
from ecoeco.character.models import Ownership
from ecoeco.contracts.character import CharacterOut, OwnedCharacterOut

__all__ = [
    "CategoryPointsOut",
    "CharacterOut",
    "OwnedCharacterOut",
    "PointsOut",
    "character_out",
    "owned_out",
]


def character_out(character: Character) -> CharacterOut:
    """The public view of a catalogue entry."""
    return CharacterOut.model_validate(character.model_dump())


def owned_out(character: Character, row: Ownership) -> OwnedCharacterOut:
    """A catalogue entry the person owns, with when and how they got it."""
    return OwnedCharacterOut(
        **character_out(character).model_dump(),
        acquired_at=row.acquired_at,
        source=row.source,
        scan_id=row.scan_id,
    )


class CategoryPointsOut(BaseModel):
    """Today's correct scans and points in one category, and what the cap still allows."""

    category: str
    scans: int
    points: int
    remaining: int


class PointsOut(BaseModel):
    """The caller's points from scans and today's progress against the daily caps."""

    total: int
    day: date
    daily_category_cap: int
    today: list[CategoryPointsOut]
