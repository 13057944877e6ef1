"""The OAuth state is bound to the browser that started the flow (an HttpOnly cookie)."""

from __future__ import annotations

from typing import Any

import httpx

from tests.e2e.auth.helpers import REDIRECT, bearer
from tests.fakes.oauth_provider import FakeOAuthProvider, FakeUser

AUTHORIZE = "/api/v1/auth/{}/authorize"
CALLBACK = "/api/v1/auth/{}/callback"


def _browser(running: Any) -> httpx.AsyncClient:
    """Another browser: the same server, its own cookie jar."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=running.app), base_url="http://test")


async def test_authorize_sets_an_http_only_same_site_binding_cookie(auth_app: Any) -> None:
    async with auth_app(state_ttl_seconds=600) as running:
        start = await running.client.get(
            AUTHORIZE.format("kakao"), params={"redirect_uri": REDIRECT}
        )
        assert start.status_code == 200, start.text
        (cookie,) = [c for c in start.headers.get_list("set-cookie") if "ecoeco_oauth=" in c]
        attributes = {a.strip().split("=")[0].lower(): a for a in cookie.split(";")}
        assert "httponly" in attributes
        assert attributes["samesite"].lower().endswith("lax")
        assert attributes["path"].endswith("/api/v1/auth")
        assert attributes["max-age"].endswith("600")
        again = await running.client.get(
            AUTHORIZE.format("google"), params={"redirect_uri": REDIRECT}
        )
        kept = running.client.cookies.get("ecoeco_oauth")
        assert kept, "authorize set the binding cookie"
        assert kept in again.headers["set-cookie"], "a second tab keeps the binding"


async def test_a_callback_from_another_browser_is_refused(
    auth_app: Any, oauth_provider: FakeOAuthProvider
) -> None:
    async with auth_app() as running, _browser(running) as elsewhere:
        start = await running.client.get(
            AUTHORIZE.format("kakao"), params={"redirect_uri": REDIRECT}
        )
        back = await oauth_provider.sign_in(start.json()["authorization_url"], FakeUser(id="b1"))
        stolen = await elsewhere.get(CALLBACK.format("kakao"), params=back)
        assert stolen.status_code == 400
        assert stolen.json()["error"]["code"] == "invalid_state"
        assert "another browser" in stolen.json()["error"]["message"]
        elsewhere.cookies.set("ecoeco_oauth", "A" * 43)
        forged = await elsewhere.get(CALLBACK.format("kakao"), params=back)
        assert forged.status_code == 400
        own = await running.client.get(CALLBACK.format("kakao"), params=back)
        assert own.status_code == 200, "the refused attempt did not use up the state"


async def test_a_link_flow_cannot_be_completed_by_someone_elses_browser(
    auth_app: Any, oauth_provider: FakeOAuthProvider
) -> None:
    async with auth_app() as running, _browser(running) as attacker:
        victim = await running.client.post(
            "/api/v1/auth/dev/login", json={"email": "victim@example.com"}
        )
        token = victim.json()["access_token"]
        start = await running.client.get(
            AUTHORIZE.format("google"),
            params={"redirect_uri": REDIRECT, "link": "true"},
            headers=bearer(token),
        )
        # The attacker signs in at the provider with their own account and feeds our state.
        back = await oauth_provider.sign_in(
            start.json()["authorization_url"], FakeUser(id="attacker-g")
        )
        hijack = await attacker.get(CALLBACK.format("google"), params=back)
        assert hijack.status_code == 400
        listed = await running.client.get("/api/v1/auth/identities", headers=bearer(token))
        assert [i["provider"] for i in listed.json()["items"]] == ["dev"]
