"""Settings of the character service (`ECOECO_CHARACTER_` variables)."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class CharacterSettings(BaseSettings):
    """The points rule, the confidence threshold and the catalogue source."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_CHARACTER_", extra="ignore")

    high_confidence: float = Field(default=0.85, ge=0.0, le=1.0)
    scan_points: int = Field(default=10, ge=0)
    first_of_category_bonus: int = Field(default=50, ge=0)
    daily_category_cap: int = Field(default=50, ge=0)
    timezone: str = "Asia/Seoul"
    catalogue_file: Path | None = None
    catalogue_cache_seconds: float = Field(default=3600.0, gt=0)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value
