"""Settings of the storage worker (`ECOECO_STORAGE_` variables)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ecoeco.workers.storage.images import IntakeLimits


class StorageSettings(BaseSettings):
    """Limits on what an upload may be."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_STORAGE_", extra="ignore")

    max_upload_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    max_pixels: int = Field(default=40_000_000, gt=0)
    normalized_side: int = Field(default=512, ge=64, le=2048)
    thumbnail_side: int = Field(default=160, ge=32, le=512)

    def limits(self) -> IntakeLimits:
        """The limits the intake enforces."""
        return IntakeLimits(
            max_bytes=self.max_upload_bytes,
            max_pixels=self.max_pixels,
            normalized_side=self.normalized_side,
            thumbnail_side=self.thumbnail_side,
        )
