"""Browsers on our origin use the cookies; other sites cannot use them (CSRF), bearer is exempt."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import AppFactory
from tests.e2e.auth.helpers import auth_settings

LOGIN = "/api/v1/auth/dev/login"
CHAT = "/api/v1/chat"


@pytest.fixture
def cookie_app(app_factory: AppFactory) -> Any:
    """The app with insecure cookies allowed (the test client speaks plain http)."""

    def start() -> Any:
        return app_factory(["auth", "users", "chat"], settings=[auth_settings()])

    return start


async def test_a_cookie_login_sets_the_session_and_csrf_cookies(cookie_app: Any) -> None:
    async with cookie_app() as running:
        client = running.client
        login = await client.post(LOGIN, json={"email": "c@example.com", "cookie": True})
        assert login.status_code == 200, login.text
        cookies = {c.split("=", 1)[0]: c for c in login.headers.get_list("set-cookie")}
        assert "HttpOnly" in cookies["ecoeco_access"]
        assert "HttpOnly" in cookies["ecoeco_refresh"]
        assert "HttpOnly" not in cookies["ecoeco_csrf"], "our pages read it to echo it"
        assert "SameSite=strict" in cookies["ecoeco_csrf"]
        me = await client.get("/api/v1/users/me")
        assert me.status_code == 200, "a safe request needs the cookie alone"
        assert "frame-ancestors 'none'" in me.headers["content-security-policy"]
        assert me.headers["x-content-type-options"] == "nosniff"


async def test_unsafe_cookie_requests_need_our_origin_or_the_csrf_header(cookie_app: Any) -> None:
    async with cookie_app() as running:
        client = running.client
        login = await client.post(LOGIN, json={"email": "d@example.com", "cookie": True})
        csrf = client.cookies["ecoeco_csrf"]
        refused = [
            {},
            {"Origin": "https://evil.example"},
            {"Origin": "null"},
            {"X-CSRF-Token": "guessed"},
            {"Origin": "https://evil.example", "X-CSRF-Token": csrf + "x"},
        ]
        for headers in refused:
            answer = await client.post(CHAT, json={}, headers=headers)
            assert answer.status_code == 403, headers
            assert answer.json()["error"]["code"] == "csrf_failed"
        accepted = [
            {"Origin": "http://test"},
            {"X-CSRF-Token": csrf},
            {"Origin": "https://evil.example", "X-CSRF-Token": csrf},
        ]
        for headers in accepted:
            answer = await client.post(CHAT, json={}, headers=headers)
            assert answer.status_code == 201, (headers, answer.text)
        bearer = {"Authorization": f"Bearer {login.json()['access_token']}"}
        from_elsewhere = await client.post(
            CHAT, json={}, headers={**bearer, "Origin": "https://evil.example"}
        )
        assert from_elsewhere.status_code == 201, "bearer requests are not CSRF-able"


async def test_requests_without_a_session_cookie_are_not_checked(cookie_app: Any) -> None:
    async with cookie_app() as running:
        answer = await running.client.post(
            LOGIN, json={"email": "e@example.com"}, headers={"Origin": "https://app.example"}
        )
        assert answer.status_code == 200, "no cookie, nothing to forge"
        unauthenticated = await running.client.post(CHAT, json={})
        assert unauthenticated.status_code == 401
