"""Settings of the users service (`ECOECO_USERS_` variables)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class UsersSettings(BaseSettings):
    """What the users service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_USERS_", extra="ignore")

    history_page_size: int = 20
