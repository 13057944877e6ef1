"""Response bodies of the character service."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

from ecoeco.character.catalogue import Character, Localized, Rarity


class CharacterOut(BaseModel):
    """A character as the catalogue shows it."""

    code: str
    name: Localized
    category: str | None
    dialogue: Localized
    rarity: Rarity
    image_key: str
    starter: bool

    @classmethod
    def of(cls, character: Character) -> CharacterOut:
        """The public view of a catalogue entry."""
        return cls.model_validate(character.model_dump())


class OwnedCharacterOut(CharacterOut):
    """A character the caller owns, with when and how they got it."""

    acquired_at: datetime
    source: Literal["starter", "scan"]
    scan_id: str | None


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
