"""Settings of the scan service (`ECOECO_SCAN_` variables)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ScanSettings(BaseSettings):
    """What the scan service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_SCAN_", extra="ignore")

    db_schema: ClassVar[str] = "scan"
    schema_version: ClassVar[str] = "1"

    sse_heartbeat_seconds: float = Field(default=15.0, gt=0)
    final_replay_seconds: float = Field(default=0.2, gt=0)
