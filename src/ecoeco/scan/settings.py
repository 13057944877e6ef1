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
    max_backlog: int = Field(default=32, ge=0)
    """Unfinished scans (all processes) past which a new one is refused with 503; 0: never.

    Size it to what the pipeline finishes in the scan's latency target: scans per second
    at capacity x target seconds (see docs/adr/0011-shedding-scans-by-pipeline-backlog.md).
    """
    backlog_horizon_seconds: float = Field(default=120.0, gt=0)
    """A scan queued and untouched this long no longer counts (a lost message, say)."""
    backlog_sample_seconds: float = Field(default=0.25, ge=0)
    """How often each process reads the shared count (it adds its own admissions between)."""
    backlog_retry_after_seconds: int = Field(default=2, ge=1)

    def scan_limits(self) -> tuple[Limit, ...]:
        """The per-person limits on new scans."""
        return parse_limits("scan_create", self.limit_per_user)
