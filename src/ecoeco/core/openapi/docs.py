"""`/docs` (Swagger UI) and `/redoc`, served from assets inside the package: they work offline."""

from __future__ import annotations

from html import escape
from pathlib import Path

from fastapi import APIRouter
from starlette.responses import FileResponse, HTMLResponse

from ecoeco.core.static import packaged_file

ASSETS = Path(__file__).parent / "assets"
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="/docs/assets/swagger-ui/favicon-32x32.png">
{head}
</head>
<body>
{body}
</body>
</html>
"""


def _page(title: str, head: str, body: str) -> HTMLResponse:
    html = _PAGE.format(title=escape(title), head=head, body=body)
    return HTMLResponse(html, headers={"Content-Security-Policy": DOCS_CSP})


def docs_router(title: str, openapi_url: str = "/openapi.json") -> APIRouter:
    """Swagger UI at /docs and ReDoc at /redoc, reading `openapi_url`."""
    router = APIRouter(include_in_schema=False)
    spec = escape(openapi_url, quote=True)

    @router.get("/docs")
    async def swagger_ui() -> HTMLResponse:
        return _page(
            f"{title} — Swagger UI",
            '<link rel="stylesheet" href="/docs/assets/swagger-ui/swagger-ui.css">',
            f'<div id="swagger-ui" data-spec="{spec}"></div>\n'
            '<script src="/docs/assets/swagger-ui/swagger-ui-bundle.js"></script>\n'
            '<script src="/docs/assets/swagger-init.js"></script>',
        )

    @router.get("/redoc")
    async def redoc() -> HTMLResponse:
        return _page(
            f"{title} — ReDoc",
            "",
            f'<div id="redoc" data-spec="{spec}"></div>\n'
            '<script src="/docs/assets/redoc/redoc.standalone.js"></script>\n'
            '<script src="/docs/assets/redoc-init.js"></script>',
        )

    @router.get("/docs/assets/{path:path}")
    async def docs_asset(path: str) -> FileResponse:
        return packaged_file(ASSETS, path, max_age=86400)

    return router
