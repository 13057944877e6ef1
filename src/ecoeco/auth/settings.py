"""Settings of the auth service (`ECOECO_AUTH_` variables)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

from ecoeco.core.settings import Environment


class AuthSettings(BaseSettings):
    """Token lifetimes and the dev login switch."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_AUTH_", extra="ignore")

    access_ttl_seconds: int = 900
    dev_login: bool = True

    def dev_login_allowed(self, env: Environment) -> bool:
        """The dev login never runs in production, whatever the flag says."""
        return self.dev_login and env is not Environment.production
