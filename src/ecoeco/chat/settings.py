"""Settings of the chat service (`ECOECO_CHAT_` variables)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ChatSettings(BaseSettings):
    """What the chat service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_CHAT_", extra="ignore")

    db_schema: ClassVar[str] = "chat"
    schema_version: ClassVar[str] = "1"

    rate_per_minute: int = Field(default=60, ge=1)
    max_text_chars: int = Field(default=1000, ge=10)
    history_turns: int = Field(default=6, ge=0)
    chunk_chars: int = Field(default=12, ge=1)
    lookup_timeout_seconds: float = Field(default=3.0, gt=0)
    scan_wait_seconds: float = Field(default=10.0, gt=0)
    scan_poll_seconds: float = Field(default=0.2, gt=0)
    embedding_cache_dir: Path | None = None
    warm_on_start: bool | None = None  # None: yes, except with ECOECO_ENV=test
    warm_wait_seconds: float = Field(default=2.0, ge=0)

    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str | None = None
    llm_timeout_seconds: float = Field(default=8.0, gt=0)
    llm_first_token_seconds: float = Field(default=3.0, gt=0)
