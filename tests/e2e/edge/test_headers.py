"""Headers and hosts: nosniff everywhere, no-store when credentials were sent, trusted
hosts for the public API, and redirects that never name the caller's Host."""

from __future__ import annotations

from ecoeco.core.edge import internal_hosts
from ecoeco.core.settings import CoreSettings
from tests.conftest import AppFactory, Backend
from tests.e2e.scan.conftest import login

PUBLIC = ["/livez", "/api/v1/info/guides", "/api/v1/characters", "/openapi.json"]


async def test_nosniff_everywhere_and_no_store_whenever_credentials_were_sent(
    app_factory: AppFactory,
) -> None:
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        for path in PUBLIC:
            response = await client.get(path)
            assert response.status_code == 200, path
            assert response.headers["x-content-type-options"] == "nosniff", path
            assert response.headers.get("cache-control") != "no-store", path
        characters = await client.get("/api/v1/characters")
        assert characters.headers["cache-control"].startswith("public")

        answers = [
            await client.get("/api/v1/users/me", headers=auth),
            await client.get("/api/v1/characters", headers=auth),  # public, but personal now
            await client.get("/api/v1/scan/nope", headers=auth),  # 404
            await client.get("/api/v1/scan", params={"cursor": "!"}, headers=auth),  # 400
            await client.post("/api/v1/scan", json={}, headers=auth),  # 422
        ]
        for response in answers:
            assert response.headers["x-content-type-options"] == "nosniff", response.url
            assert response.headers["cache-control"] == "no-store", response.url
        assert (await client.get("/nowhere")).headers["x-content-type-options"] == "nosniff"

        cookie = await client.post(
            "/api/v1/auth/dev/login", json={"email": "cookie@example.com", "cookie": True}
        )
        token = cookie.json()["access_token"]
        by_cookie = await client.get(
            "/api/v1/users/me", headers={"cookie": f"ecoeco_access={token}"}
        )
        assert by_cookie.status_code == 200
        assert by_cookie.headers["cache-control"] == "no-store"


async def test_only_trusted_hosts_reach_the_api_but_probes_and_internal_calls_do(
    app_factory: AppFactory, backend: Backend
) -> None:
    backend.settings = backend.settings.model_copy(
        update={"trusted_hosts": ["api.ecoeco.test", "*.ecoeco.test"]}
    )
    async with app_factory() as running:
        client = running.client
        trusted = {"host": "api.ecoeco.test"}
        response = await client.post(
            "/api/v1/auth/dev/login", json={"email": "h@example.com"}, headers=trusted
        )
        assert response.status_code == 200, response.text
        auth = {"Authorization": f"Bearer {response.json()['access_token']}"}
        for host in ("evil.example", "api.ecoeco.test.evil.example", "", "a b", "ecoeco.test"):
            refused = await client.get("/api/v1/users/me", headers={**auth, "host": host})
            assert refused.status_code == 400, host
            assert refused.json()["error"]["code"] == "bad_request"
            assert refused.headers["x-content-type-options"] == "nosniff"
        for host in ("api.ecoeco.test", "API.ecoeco.test:443", "m.ecoeco.test"):
            ok = await client.get("/api/v1/users/me", headers={**auth, "host": host})
            assert ok.status_code == 200, host
        for probe in ("/livez", "/readyz"):  # /metrics has a port of its own
            answer = await client.get(probe, headers={"host": "10.0.3.7:8000"})
            assert answer.status_code == 200, probe
        # The users service asks the scan service in-process (its own Host): still fine.
        history = await client.get("/api/v1/users/me/scans", headers={**auth, **trusted})
        assert history.status_code == 200, history.text


def test_hosts_of_the_configured_service_urls_are_trusted_for_internal_calls() -> None:
    settings = CoreSettings(service_urls={"scan": "http://scan:8000", "users": "http://Users"})
    assert internal_hosts(settings) == {"in-process", "scan", "users"}


async def test_slash_redirects_are_relative_and_never_name_the_callers_host(
    app_factory: AppFactory,
) -> None:
    async with app_factory(["auth", "users", "scan", "storage"]) as running:
        client = running.client
        auth = await login(client)
        response = await client.get(
            "/api/v1/scan/", params={"limit": "5"}, headers={**auth, "host": "evil.example"}
        )
        assert response.status_code == 307
        assert response.headers["location"] == "/api/v1/scan?limit=5"
        followed = await client.get(response.headers["location"], headers=auth)
        assert followed.status_code == 200
        tricky = await client.get("/api/v1/scan//", headers={**auth, "host": "evil.example"})
        assert not tricky.headers.get("location", "/").startswith("//")
        assert "evil" not in tricky.headers.get("location", "")
