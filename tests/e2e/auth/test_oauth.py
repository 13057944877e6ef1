"""Social login through a real OAuth2 exchange with the fake Kakao, Naver and Google."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from ecoeco.auth.models import LoginEvent, SocialIdentity
from tests.e2e.auth.helpers import REDIRECT, bearer, social_login
from tests.fakes.oauth_provider import FakeOAuthProvider, FakeUser

AUTHORIZE = "/api/v1/auth/{}/authorize"
CALLBACK = "/api/v1/auth/{}/callback"


def _claims(token: str) -> dict[str, Any]:
    import jwt

    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


@pytest.mark.parametrize("provider", ["kakao", "naver", "google"])
async def test_full_login_for_each_provider(
    auth_app: Any, oauth_provider: FakeOAuthProvider, provider: str
) -> None:
    user = FakeUser(id=f"{provider}-{id(object())}", email="jisoo@example.com", nickname="지수")
    async with auth_app() as running:
        client = running.client
        start = await client.get(AUTHORIZE.format(provider), params={"redirect_uri": REDIRECT})
        assert start.status_code == 200, start.text
        query = parse_qs(urlsplit(start.json()["authorization_url"]).query)
        assert query["state"] == [start.json()["state"]]
        assert query["redirect_uri"] == [REDIRECT]
        assert ("code_challenge" in query) is (provider != "naver")
        back = await oauth_provider.sign_in(start.json()["authorization_url"], user)
        done = await client.get(CALLBACK.format(provider), params=back)
        assert done.status_code == 200, done.text
        tokens = done.json()
        assert tokens["token_type"] == "bearer"
        assert tokens["refresh_token"]
        assert tokens["expires_in"] > 0
        exchange = [r for r in oauth_provider.token_requests if r.get("code") == back["code"]]
        assert len(exchange) == 1
        assert ("code_verifier" in exchange[0]) is (provider != "naver")
        user_id = _claims(tokens["access_token"])["sub"]
        me = await client.get("/api/v1/users/me", headers=bearer(tokens["access_token"]))
        assert me.status_code == 200, me.text
        assert me.json()["nickname"] == "지수"
        assert me.json()["email"] == "jisoo@example.com"
        again = await social_login(client, oauth_provider, provider, user)
        assert again.status_code == 200, again.text
        assert _claims(again.json()["access_token"])["sub"] == user_id
        async with running.container.db.session() as session:
            links = (await session.execute(select(SocialIdentity))).scalars().all()
            audit = (await session.execute(select(LoginEvent))).scalars().all()
        assert [(i.provider, i.provider_user_id) for i in links] == [(provider, user.id)]
        assert [(e.provider, e.action, e.result) for e in audit] == [(provider, "login", "ok")] * 2
        assert all(e.ip and e.account_id == user_id for e in audit)


async def test_unverified_email_is_not_trusted(
    auth_app: Any, oauth_provider: FakeOAuthProvider
) -> None:
    user = FakeUser(id="g-unverified", email="someone@example.com", email_verified=False)
    async with auth_app() as running:
        done = await social_login(running.client, oauth_provider, "google", user)
        assert done.status_code == 200, done.text
        me = await running.client.get(
            "/api/v1/users/me", headers=bearer(done.json()["access_token"])
        )
        assert me.json()["email"] is None


async def test_denied_consent(auth_app: Any, oauth_provider: FakeOAuthProvider) -> None:
    async with auth_app() as running:
        client = running.client
        start = await client.get(AUTHORIZE.format("kakao"), params={"redirect_uri": REDIRECT})
        back = await oauth_provider.sign_in(
            start.json()["authorization_url"], FakeUser(id="1"), consent=False
        )
        assert back["error"] == "access_denied"
        denied = await client.get(CALLBACK.format("kakao"), params=back)
        assert denied.status_code == 400
        assert denied.json()["error"]["code"] == "consent_denied"
        async with running.container.db.session() as session:
            audit = (await session.execute(select(LoginEvent))).scalars().all()
        assert [(e.provider, e.result, e.account_id) for e in audit] == [
            ("kakao", "consent_denied", None)
        ]


async def test_bad_code(auth_app: Any, oauth_provider: FakeOAuthProvider) -> None:
    async with auth_app() as running:
        client = running.client
        for provider in ("kakao", "naver", "google"):
            start = await client.get(AUTHORIZE.format(provider), params={"redirect_uri": REDIRECT})
            back = await oauth_provider.sign_in(start.json()["authorization_url"], FakeUser(id="2"))
            back["code"] = "not-a-code-the-provider-issued"
            bad = await client.get(CALLBACK.format(provider), params=back)
            assert bad.status_code == 400, (provider, bad.text)
            assert bad.json()["error"]["code"] == "invalid_grant"


async def test_replayed_state_is_refused(auth_app: Any, oauth_provider: FakeOAuthProvider) -> None:
    async with auth_app() as running:
        client = running.client
        start = await client.get(AUTHORIZE.format("google"), params={"redirect_uri": REDIRECT})
        back = await oauth_provider.sign_in(start.json()["authorization_url"], FakeUser(id="3"))
        first = await client.get(CALLBACK.format("google"), params=back)
        assert first.status_code == 200, first.text
        replay = await client.get(CALLBACK.format("google"), params=back)
        assert replay.status_code == 400
        assert replay.json()["error"]["code"] == "invalid_state"
        forged = await client.get(
            CALLBACK.format("google"), params={"code": back["code"], "state": "x" * 43}
        )
        assert forged.json()["error"]["code"] == "invalid_state"


async def test_state_is_bound_to_its_provider(
    auth_app: Any, oauth_provider: FakeOAuthProvider
) -> None:
    async with auth_app() as running:
        client = running.client
        start = await client.get(AUTHORIZE.format("kakao"), params={"redirect_uri": REDIRECT})
        back = await oauth_provider.sign_in(start.json()["authorization_url"], FakeUser(id="4"))
        crossed = await client.get(CALLBACK.format("naver"), params=back)
        assert crossed.status_code == 400
        assert crossed.json()["error"]["code"] == "invalid_state"


async def test_expired_state_is_refused(auth_app: Any, oauth_provider: FakeOAuthProvider) -> None:
    async with auth_app(state_ttl_seconds=0.3) as running:
        client = running.client
        start = await client.get(AUTHORIZE.format("kakao"), params={"redirect_uri": REDIRECT})
        back = await oauth_provider.sign_in(start.json()["authorization_url"], FakeUser(id="5"))
        await asyncio.sleep(0.5)  # the state's whole lifetime: nothing to wait on but the clock
        late = await client.get(CALLBACK.format("kakao"), params=back)
        assert late.status_code == 400
        assert late.json()["error"]["code"] == "invalid_state"


HOSTILE_REDIRECTS = [
    "https://evil.example/cb",
    "http://localhost:3000.evil.example/cb",
    "http://localhost:3000@evil.example/cb",
    "http://evil.example@localhost:3001/cb",
    "https://localhost:3000/cb",
    "//localhost:3000/cb",
    "javascript:alert(1)",
    "http://localhost:3000/cb#fragment",
]


async def test_redirect_outside_the_allow_list_is_refused(auth_app: Any) -> None:
    async with auth_app() as running:
        for target in HOSTILE_REDIRECTS:
            refused = await running.client.get(
                AUTHORIZE.format("kakao"), params={"redirect_uri": target}
            )
            assert refused.status_code == 400, (target, refused.text)
            assert refused.json()["error"]["code"] == "redirect_not_allowed"


async def test_unknown_or_unconfigured_provider(auth_app: Any) -> None:
    async with auth_app() as running:
        unknown = await running.client.get(
            AUTHORIZE.format("facebook"), params={"redirect_uri": REDIRECT}
        )
        assert unknown.status_code == 404
        assert unknown.json()["error"]["code"] == "provider_not_configured"
        missing = await running.client.get(AUTHORIZE.format("kakao"))
        assert missing.status_code == 422
    async with auth_app(naver={"authorize_url": "x", "token_url": "x", "profile_url": "x"}) as r:
        off = await r.client.get(AUTHORIZE.format("naver"), params={"redirect_uri": REDIRECT})
        assert off.status_code == 404


async def test_linking_a_second_provider(auth_app: Any, oauth_provider: FakeOAuthProvider) -> None:
    async with auth_app() as running:
        client = running.client
        someone = FakeUser(id="777", nickname="a1")
        kakao = await social_login(client, oauth_provider, "kakao", someone)
        token = kakao.json()["access_token"]
        user_id = _claims(token)["sub"]
        anonymous = await client.get(
            AUTHORIZE.format("google"), params={"redirect_uri": REDIRECT, "link": "true"}
        )
        assert anonymous.status_code == 401
        linked = await social_login(
            client,
            oauth_provider,
            "google",
            FakeUser(id="g-777"),
            link="true",
            headers=bearer(token),
        )
        assert linked.status_code == 200, linked.text
        assert _claims(linked.json()["access_token"])["sub"] == user_id
        google_again = await social_login(client, oauth_provider, "google", FakeUser(id="g-777"))
        assert _claims(google_again.json()["access_token"])["sub"] == user_id
        listed = await client.get("/api/v1/auth/identities", headers=bearer(token))
        assert [i["provider"] for i in listed.json()["items"]] == ["kakao", "google"]
        other = await social_login(client, oauth_provider, "naver", FakeUser(id="n-1"))
        stolen = await social_login(
            client,
            oauth_provider,
            "google",
            FakeUser(id="g-777"),
            link="true",
            headers=bearer(other.json()["access_token"]),
        )
        assert stolen.status_code == 409
        assert stolen.json()["error"]["code"] == "identity_taken"
        removed = await client.delete("/api/v1/auth/identities/kakao", headers=bearer(token))
        assert removed.status_code == 204, removed.text
        missing = await client.delete("/api/v1/auth/identities/kakao", headers=bearer(token))
        assert missing.status_code == 404
        last = await client.delete("/api/v1/auth/identities/google", headers=bearer(token))
        assert last.status_code == 409
        assert last.json()["error"]["code"] == "last_identity"
        foreign = await client.delete("/api/v1/auth/identities/naver", headers=bearer(token))
        assert foreign.status_code == 404, "another account's provider is not ours to unlink"
        fresh = await social_login(client, oauth_provider, "kakao", someone)
        assert _claims(fresh.json()["access_token"])["sub"] != user_id, (
            "kakao is no longer a way in"
        )


async def test_browser_flow_sets_http_only_cookies(
    auth_app: Any, oauth_provider: FakeOAuthProvider
) -> None:
    async with auth_app() as running:
        client = running.client
        done = await social_login(client, oauth_provider, "kakao", FakeUser(id="88"), cookie="true")
        assert done.status_code == 200, done.text
        cookies = done.headers.get_list("set-cookie")
        assert any(c.startswith("ecoeco_access=") and "HttpOnly" in c for c in cookies)
        assert any(c.startswith("ecoeco_refresh=") and "HttpOnly" in c for c in cookies)
        client.cookies.set("ecoeco_access", done.json()["access_token"])
        me = await client.get("/api/v1/users/me")
        assert me.status_code == 200, me.text
        client.cookies.clear()
        client.cookies.set("ecoeco_refresh", done.json()["refresh_token"], path="/api/v1/auth")
        cross_site = await client.post("/api/v1/auth/refresh")
        assert cross_site.status_code == 403, "a cookie refresh needs our Origin or the CSRF header"
        renewed = await client.post("/api/v1/auth/refresh", headers={"Origin": "http://test"})
        assert renewed.status_code == 200, renewed.text
        assert any(c.startswith("ecoeco_refresh=") for c in renewed.headers.get_list("set-cookie"))
        plain = await social_login(client, oauth_provider, "kakao", FakeUser(id="88"))
        assert not plain.headers.get_list("set-cookie")


async def test_provider_down_answers_503(auth_app: Any, oauth_provider: FakeOAuthProvider) -> None:
    broken = {**oauth_provider.endpoints("kakao"), "token_url": "http://127.0.0.1:9/token"}
    async with auth_app(kakao=broken) as running:
        client = running.client
        start = await client.get(AUTHORIZE.format("kakao"), params={"redirect_uri": REDIRECT})
        back = await oauth_provider.sign_in(start.json()["authorization_url"], FakeUser(id="9"))
        down = await client.get(CALLBACK.format("kakao"), params=back)
        assert down.status_code == 503, down.text
        assert down.json()["error"]["code"] == "provider_unavailable"
        assert down.headers["retry-after"]
