"""Settings of the users service (`ECOECO_USERS_` variables): retention and privacy."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ecoeco.core.bus.retention import Retention
from ecoeco.core.ratelimit import Limit, RateText, parse_limits


class UsersSettings(BaseSettings):
    """What the users service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_USERS_", extra="ignore")

    outbox_retention_days: float = Field(default=7.0, gt=0)
    """Published outbox rows are deleted this long after they were published."""
    inbox_retention_days: float = Field(default=7.0, gt=0)
    """Inbox records (which message each consumer applied) are deleted after this."""
    dead_letter_retention_days: float = Field(default=30.0, gt=0)
    """Dead letters are kept this long for an operator to inspect, then deleted."""
    retention_interval_seconds: float = Field(default=3600.0, gt=0)
    """How often the retention purge runs (once per interval across every replica)."""
    export_limit_per_user: RateText = "3/minute; 20/day"
    """Exports one person may ask for (each gathers everything held on them)."""
    export_timeout_seconds: float = Field(default=30.0, gt=0)
    """How long the export waits for each service's part."""

    def retention(self) -> Retention:
        """The retention periods the purge applies."""
        return Retention(
            outbox_days=self.outbox_retention_days,
            inbox_days=self.inbox_retention_days,
            dead_letter_days=self.dead_letter_retention_days,
        )

    def export_limits(self) -> tuple[Limit, ...]:
        """The per-person limits on exports."""
        return parse_limits("users_export", self.export_limit_per_user)
