"""Settings of the location service (`ECOECO_LOCATION_` variables)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import BaseSettings, SettingsConfigDict


class LocationSettings(BaseSettings):
    """What the location service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_LOCATION_", extra="ignore")

    db_schema: ClassVar[str] = "location"
    schema_version: ClassVar[str] = "1"
