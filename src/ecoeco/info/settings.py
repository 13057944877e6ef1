"""Settings of the info service (`ECOECO_INFO_` variables)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import BaseSettings, SettingsConfigDict


class InfoSettings(BaseSettings):
    """What the info service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_INFO_", extra="ignore")

    db_schema: ClassVar[str] = "info"
    schema_version: ClassVar[str] = "1"
