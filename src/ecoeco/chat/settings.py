"""Settings of the chat service (`ECOECO_CHAT_` variables)."""

from __future__ import annotations

from typing import ClassVar

from pydantic_settings import BaseSettings, SettingsConfigDict


class ChatSettings(BaseSettings):
    """What the chat service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_CHAT_", extra="ignore")

    db_schema: ClassVar[str] = "chat"
    schema_version: ClassVar[str] = "1"
