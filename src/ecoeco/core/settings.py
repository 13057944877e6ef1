"""Settings blocks read from `ECOECO_` environment variables."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-not-a-secret"


class Environment(StrEnum):
    """Where the process runs; production refuses development shortcuts."""

    development = "development"
    test = "test"
    production = "production"


class CoreSettings(BaseSettings):
    """The settings every process needs, whatever services it hosts."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_", extra="ignore")

    env: Environment = Environment.development
    data_dir: Path = Path(".ecoeco")
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    log_json: bool = True

    database_url: str | None = None
    database_pool_size: int = 10
    redis_url: str | None = None
    redis_namespace: str = "ecoeco:"
    amqp_url: str | None = None
    amqp_prefix: str = ""
    storage_url: str | None = None

    jwt_issuer: str = "ecoeco-auth"
    jwt_audience: str = "ecoeco"
    jwks_url: str | None = None
    jwt_private_key_file: Path | None = None
    jwt_previous_key_files: list[Path] = Field(default_factory=list)
    internal_secret: str = DEV_SECRET

    bus_max_retries: int = Field(default=5, ge=0)
    bus_retry_base_seconds: float = Field(default=0.5, gt=0)
    outbox_poll_seconds: float = Field(default=0.5, gt=0)

    otlp_endpoint: str | None = None

    service_urls: dict[str, str] = Field(default_factory=dict)
    internal_timeout_seconds: float = Field(default=3.0, gt=0)

    @property
    def embedded(self) -> bool:
        """True when no database URL is set: SQLite under the data directory."""
        return self.database_url is None

    @property
    def effective_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'ecoeco.db'}"

    @property
    def effective_storage_url(self) -> str:
        """The object storage URL, defaulting to a directory in the data directory."""
        return self.storage_url or str(self.data_dir / "objects")

    @model_validator(mode="after")
    def _refuse_defaults_in_production(self) -> CoreSettings:
        if self.env is Environment.production:
            if self.internal_secret == DEV_SECRET:
                raise ValueError("ECOECO_INTERNAL_SECRET must be set in production")
            if self.database_url is None:
                raise ValueError("ECOECO_DATABASE_URL must be set in production")
        return self
