"""Settings of the web console (`ECOECO_CONSOLE_` variables)."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConsoleSettings(BaseSettings):
    """The map tiles the console shows; empty `tile_url` draws the map without tiles."""

    model_config = SettingsConfigDict(env_prefix="ECOECO_CONSOLE_", extra="ignore")

    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    tile_attribution: str = "© OpenStreetMap contributors"
    center_lat: float = Field(default=37.5665, ge=-90, le=90)
    center_lon: float = Field(default=126.978, ge=-180, le=180)

    @property
    def tile_origin(self) -> str | None:
        """`scheme://host[:port]` the tiles come from (for the CSP), or None."""
        if not self.tile_url:
            return None
        parts = urlsplit(self.tile_url.replace("{s}", "a"))
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None
