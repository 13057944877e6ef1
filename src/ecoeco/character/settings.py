"""Settings of the character service (`ECOECO_CHARACTER_` variables)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import BaseSettings, SettingsConfigDict


class CharacterSettings(BaseSettings):
    """What the character service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_CHARACTER_", extra="ignore")

    db_schema: ClassVar[str] = "character"
    schema_version: ClassVar[str] = "1"
