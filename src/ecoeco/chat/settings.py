"""Settings of the chat service (`ECOECO_CHAT_` variables)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ecoeco.core.ratelimit import Limit, RateText, parse_limits


class ChatSettings(BaseSettings):
    """What the chat service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_CHAT_", extra="ignore")

    rate_per_minute: int = Field(default=60, ge=1)
    conversation_limit_per_user: RateText = "10/minute; 200/day"
    """New conversations one person may start (over HTTP or the WebSocket)."""
    socket_recheck_seconds: float = Field(default=30.0, gt=0, le=30)
    """How often an open socket checks that its session and account still exist."""
    max_text_chars: int = Field(default=1000, ge=10)
    history_turns: int = Field(default=6, ge=0)
    chunk_chars: int = Field(default=12, ge=1)
    lookup_timeout_seconds: float = Field(default=3.0, gt=0)
    scan_wait_seconds: float = Field(default=10.0, gt=0)
    scan_poll_seconds: float = Field(default=0.2, gt=0)
    embedding_cache_dir: Path | None = None
    warm_on_start: bool = True  # build the shared index at start-up (answers wait a little)
    warm_wait_seconds: float = Field(default=2.0, ge=0)

    llm_base_url: str | None = None
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str | None = None
    llm_timeout_seconds: float = Field(default=8.0, gt=0)
    llm_first_token_seconds: float = Field(default=3.0, gt=0)

    def conversation_limits(self) -> tuple[Limit, ...]:
        """The per-person limits on new conversations."""
        return parse_limits("chat_conversations", self.conversation_limit_per_user)
