"""Settings of the scan service (`ECOECO_SCAN_` variables)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ecoeco.core.ratelimit import Limit, RateText, parse_limits


class ScanSettings(BaseSettings):
    """What the scan service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_SCAN_", extra="ignore")

    sse_heartbeat_seconds: float = Field(default=15.0, gt=0)
    final_replay_seconds: float = Field(default=0.2, gt=0)
    limit_per_user: RateText = "30/minute; 500/day"
    """New scans one person may start (replays of an Idempotency-Key are free)."""

    def scan_limits(self) -> tuple[Limit, ...]:
        """The per-person limits on new scans."""
        return parse_limits("scan_create", self.limit_per_user)
