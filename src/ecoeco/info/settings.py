"""Settings of the info service (`ECOECO_INFO_` variables)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, HttpUrl, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

NEWS_CATEGORY_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"


class FeedSource(BaseModel):
    """One RSS/Atom feed the collector reads; `name` labels its metrics and articles."""

    url: HttpUrl
    name: str = Field(default="", max_length=64)
    category: str = Field(default="news", pattern=NEWS_CATEGORY_PATTERN)

    @model_validator(mode="after")
    def _default_name(self) -> FeedSource:
        """Name the feed after its host when no name is given."""
        if not self.name:
            self.name = urlsplit(str(self.url)).hostname or "feed"
        return self


class InfoSettings(BaseSettings):
    """What the info service can be configured with.

    `ECOECO_INFO_FEEDS` is a JSON list of `{"url", "name", "category"}` objects.
    """

    model_config = SettingsConfigDict(env_prefix="ECOECO_INFO_", extra="ignore")

    feeds: list[FeedSource] = Field(default_factory=list)
    collect_interval_seconds: float = Field(default=1800.0, gt=0)
    fetch_timeout_seconds: float = Field(default=10.0, gt=0)
    max_feed_bytes: int = Field(default=5_000_000, gt=0)
    feed_allowed_networks: list[str] = Field(default_factory=list)
    """Private networks the collector may reach anyway (CIDRs; tests use 127.0.0.1/32).

    Without them the collector connects, and follows redirects, to public addresses only.
    """
    news_cache_seconds: float = Field(default=300.0, gt=0)
    semantic_search: bool = True
    """The semantic stage of item search (the shared knowledge index); off: lexical only."""

    @field_validator("feed_allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for network in value:
            ipaddress.ip_network(network, strict=False)  # ValueError names the bad one
        return value
