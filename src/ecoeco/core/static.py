"""Serve files shipped inside the package (docs assets, the console) with no web server."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from starlette.responses import FileResponse

from ecoeco.core.errors import NotFound

_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
}


def packaged_file(root: Path, relative: str, *, max_age: int = 3600) -> FileResponse:
    """The file at `root/relative`; 404 for anything outside `root` or missing."""
    base = root.resolve()
    target = (base / relative).resolve()
    if not target.is_relative_to(base) or not target.is_file() or target.name.startswith("."):
        raise NotFound("no such file")
    media = _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0]
    return FileResponse(
        target,
        media_type=media or "application/octet-stream",
        headers={"Cache-Control": f"public, max-age={max_age}"},
    )
