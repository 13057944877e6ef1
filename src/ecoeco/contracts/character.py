"""The character service's shapes that others read."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Rarity(StrEnum):
    """How rarely a character turns up."""

    common = "common"
    uncommon = "uncommon"
    rare = "rare"


class Localized(BaseModel):
    """A text in Korean and English."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ko: str = Field(min_length=1, max_length=200)
    en: str = Field(min_length=1, max_length=200)


class CharacterOut(BaseModel):
    """A character as the catalogue shows it."""

    code: str
    name: Localized
    category: str | None
    dialogue: Localized
    rarity: Rarity
    image_key: str
    starter: bool


class OwnedCharacterOut(CharacterOut):
    """A character the caller owns, with when and how they got it."""

    acquired_at: datetime
    source: Literal["starter", "scan"]
    scan_id: str | None


class PointsEntry(BaseModel):
    """One line of the points ledger: what one correct scan earned."""

    scan_id: str
    category: str
    day: date
    points: int
    character_code: str | None
    created_at: datetime


class CharacterExport(BaseModel):
    """Everything the character service holds on the caller (their data export)."""

    owned: list[OwnedCharacterOut]
    ledger: list[PointsEntry]
