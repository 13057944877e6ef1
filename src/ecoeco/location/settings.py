"""Settings of the location service (`ECOECO_LOCATION_` variables)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class LocationSettings(BaseSettings):
    """What the location service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_LOCATION_", extra="ignore")

    demo_on_first_start: bool = True
    demo_count: int = Field(default=3000, ge=0, le=100_000)
    import_batch_size: int = Field(default=1000, ge=1, le=50_000)
