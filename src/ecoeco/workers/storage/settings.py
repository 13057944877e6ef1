"""Settings of the storage worker (`ECOECO_STORAGE_` variables)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ecoeco.core.ratelimit import Limit, RateText, parse_limits
from ecoeco.workers.storage.images import IntakeLimits


class StorageSettings(BaseSettings):
    """Limits on what an upload may be and what decoding it may cost."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_STORAGE_", extra="ignore")

    max_upload_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    max_pixels: int = Field(default=40_000_000, gt=0)
    normalized_side: int = Field(default=512, ge=64, le=2048)
    thumbnail_side: int = Field(default=160, ge=32, le=512)
    max_decode_mb: int = Field(default=64, ge=1)
    """Memory one image may take once decoded; larger ones are refused with 413."""
    concurrent_decodes: int = Field(default=2, ge=1)
    """Images decoded at once per process; the others wait (503 after the wait below)."""
    decode_wait_seconds: float = Field(default=30.0, gt=0)
    upload_limit_per_user: RateText = "30/minute; 500/day"
    """Uploads one person may make (direct, or presigned slots)."""

    def upload_limits(self) -> tuple[Limit, ...]:
        """The per-person limits on uploads."""
        return parse_limits("upload", self.upload_limit_per_user)

    def limits(self) -> IntakeLimits:
        """The limits the intake enforces."""
        return IntakeLimits(
            max_bytes=self.max_upload_bytes,
            max_pixels=self.max_pixels,
            normalized_side=self.normalized_side,
            thumbnail_side=self.thumbnail_side,
            max_decode_bytes=self.max_decode_mb * 1024 * 1024,
        )
