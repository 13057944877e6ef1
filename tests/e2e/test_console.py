"""The console's page, assets and the two auth endpoints it relies on (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import routing

from ecoeco.composition import build_app
from ecoeco.core.settings import CoreSettings
from tests.conftest import AppFactory


async def test_the_console_page_and_its_assets(app_factory: AppFactory) -> None:
    async with app_factory(["console", "auth"]) as running:
        client = running.client
        page = await client.get("/")
        assert page.status_code == 200
        policy = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        assert "script-src 'self';" in policy, "no inline or remote scripts"
        assets = re.findall(r'(?:src|href)="(/console/[^"]+)"', page.text)
        assert "/console/js/main.js" in assets
        for asset in assets:
            answer = await client.get(asset)
            assert answer.status_code == 200, asset
        module = await client.get("/console/js/main.js")
        assert module.headers["content-type"].startswith("text/javascript")
        imports = re.findall(r'from "\./([^"]+)"', module.text)
        for name in imports:
            assert (await client.get(f"/console/js/{name}")).status_code == 200, name
        for licence in ("vendor/leaflet/LICENSE", "vendor/nanum-gothic/LICENSE"):
            assert (await client.get(f"/console/{licence}")).status_code == 200
        for escape in ("/console/../endpoints.py", "/console/%2e%2e/settings.py", "/console/none"):
            assert (await client.get(escape)).status_code == 404, escape
        config = (await client.get("/console/config.json")).json()
        assert config["api"] == "/api/v1"
        assert len(config["center"]) == 2


async def test_sign_in_options_and_the_session_without_reading_the_cookie(
    app_factory: AppFactory,
) -> None:
    async with app_factory(["auth"]) as running:
        client = running.client
        options = (await client.get("/api/v1/auth/providers")).json()
        assert options == {"providers": [], "dev_login": True}
        anonymous = await client.get("/api/v1/auth/session")
        assert anonymous.status_code == 200
        assert anonymous.json()["authenticated"] is False
        login = await client.post("/api/v1/auth/dev/login", json={"email": "s@example.com"})
        token = login.json()["access_token"]
        me = await client.get("/api/v1/auth/session", headers={"Authorization": f"Bearer {token}"})
        assert me.json()["authenticated"] is True
        assert me.json()["scopes"] == ["user"]
        forged = await client.get("/api/v1/auth/session", headers={"Authorization": "Bearer x.y.z"})
        assert forged.status_code == 401, "a token that is sent must be valid"


def test_the_info_process_serves_the_console(tmp_path: Path) -> None:
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"), ["info"])
    paths = {c.original_route.path for c in routing.iter_route_contexts(app.routes)}
    assert "/" in paths, "the gateway sends `/` to the info process"
    assert "/console/{path:path}" in paths
