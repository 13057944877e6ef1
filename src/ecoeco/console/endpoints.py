"""The web console: one HTML page, its ES modules and styles, and its configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter
from starlette.responses import FileResponse, HTMLResponse

from ecoeco.console.runtime import ConsoleDep
from ecoeco.console.settings import ConsoleSettings
from ecoeco.core.paths import API_PREFIX
from ecoeco.core.static import packaged_file

STATIC = Path(__file__).parent / "static"

router = APIRouter(include_in_schema=False)


def content_security_policy(config: ConsoleSettings) -> str:
    """Only our own scripts, styles and API; images also from the tile server."""
    tiles = f" {config.tile_origin}" if config.tile_origin else ""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data: blob:{tiles}; connect-src 'self'; media-src 'self' blob:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


@router.get("/")
async def console_page(console: ConsoleDep) -> HTMLResponse:
    """The console (a single page; everything else is fetched from /console and the API)."""
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    return HTMLResponse(
        html,
        headers={
            "Content-Security-Policy": content_security_policy(console.settings),
            "Cache-Control": "no-cache",
            "Permissions-Policy": "camera=(self), geolocation=(self), microphone=()",
        },
    )


@router.get("/console/config.json")
async def console_config(console: ConsoleDep) -> dict[str, Any]:
    """What the page needs to know about this deployment (map tiles, where to start)."""
    config = console.settings
    return {
        "api": API_PREFIX,
        "tile_url": config.tile_url,
        "tile_attribution": config.tile_attribution,
        "center": [config.center_lat, config.center_lon],
    }


@router.get("/console/{path:path}")
async def console_asset(path: str) -> FileResponse:
    """A script, style sheet, image or vendored library of the console."""
    return packaged_file(STATIC, path, max_age=300)
