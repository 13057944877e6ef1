"""Access and refresh tokens: rotation, reuse, logout, forged tokens, key rotation."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select

from ecoeco.auth.models import RefreshToken
from ecoeco.auth.sessions import REVOCATIONS_LOADED, hash_refresh
from ecoeco.composition import Shared, compose
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner, revoked_key
from ecoeco.core.settings import CoreSettings
from tests.conftest import AppFactory, Backend, eventually
from tests.e2e.auth.helpers import auth_settings, bearer, dev_login

REFRESH = "/api/v1/auth/refresh"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/users/me"


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


async def test_refresh_rotates(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client = running.client
        first = await dev_login(client, "rotate@example.com")
        second = await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
        assert second.status_code == 200, second.text
        body = second.json()
        assert body["refresh_token"] != first["refresh_token"]
        assert body["access_token"] != first["access_token"]
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 900
        assert _claims(body["access_token"])["sub"] == _claims(first["access_token"])["sub"]
        assert _claims(body["access_token"])["sid"] == _claims(first["access_token"])["sid"]
        third = await client.post(REFRESH, json={"refresh_token": body["refresh_token"]})
        assert third.status_code == 200, third.text
        assert (
            await client.get(ME, headers=bearer(third.json()["access_token"]))
        ).status_code == 200
        async with running.container.db.session() as session:
            rows = (await session.execute(select(RefreshToken))).scalars().all()
        assert len(rows) == 3
        assert hash_refresh(body["refresh_token"]) in {r.token_hash for r in rows}
        stored = json.dumps([[str(v) for v in vars(r).values()] for r in rows])
        assert body["refresh_token"] not in stored, "only the hash is kept at rest"
        assert sum(r.used_at is not None for r in rows) == 2


async def test_refresh_reuse_revokes_the_family(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client = running.client
        first = await dev_login(client, "reuse@example.com")
        other_session = await dev_login(client, "reuse@example.com")
        second = (await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})).json()
        reused = await client.post(REFRESH, json={"refresh_token": first["refresh_token"]})
        assert reused.status_code == 401
        assert reused.json()["error"]["code"] == "refresh_token_reused"
        newest = await client.post(REFRESH, json={"refresh_token": second["refresh_token"]})
        assert newest.status_code == 401
        assert (await client.get(ME, headers=bearer(second["access_token"]))).status_code == 401
        assert (await client.get(ME, headers=bearer(first["access_token"]))).status_code == 401
        untouched = await client.post(
            REFRESH, json={"refresh_token": other_session["refresh_token"]}
        )
        assert untouched.status_code == 200, "another login's session is its own family"


async def test_concurrent_refreshes_of_one_token_rotate_once(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client = running.client
        tokens = await dev_login(client, "race@example.com")
        body = {"refresh_token": tokens["refresh_token"]}
        results = await asyncio.gather(*(client.post(REFRESH, json=body) for _ in range(4)))
        codes = sorted(r.status_code for r in results)
        assert codes == [200, 401, 401, 401], [r.text for r in results]
        winner = next(r for r in results if r.status_code == 200).json()
        after = await client.post(REFRESH, json={"refresh_token": winner["refresh_token"]})
        assert after.status_code == 401, "the losers' reuse revoked the family"


async def test_refresh_refuses_garbage(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client = running.client
        for body in ({"refresh_token": "x" * 43}, {}, None):
            refused = await client.post(REFRESH, json=body)
            assert refused.status_code == 401, refused.text
            assert refused.json()["error"]["code"] == "invalid_refresh_token"
        short = await client.post(REFRESH, json={"refresh_token": "short"})
        assert short.status_code == 422


async def test_logout_kills_the_access_token_at_once_on_another_service(
    app_factory: AppFactory,
) -> None:
    async with app_factory(settings=[auth_settings()]) as auth:
        tokens = await dev_login(auth.client, "logout@example.com")
        # distributed: both apps share Redis; one embedded process shares one in-process
        # cache (the blacklist lives there)
        shared_cache = auth.container.cache if auth.container.settings.embedded else None
        async with app_factory(["users"], cache=shared_cache) as users:
            before = await users.client.get(ME, headers=bearer(tokens["access_token"]))
            assert before.status_code == 200, before.text
            out = await auth.client.post(LOGOUT, headers=bearer(tokens["access_token"]))
            assert out.status_code == 204, out.text
            after = await users.client.get(ME, headers=bearer(tokens["access_token"]))
            assert after.status_code == 401
            assert after.json()["error"]["message"] == "token revoked"
        refresh = await auth.client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
        assert refresh.status_code == 401
        again = await auth.client.post(LOGOUT, headers=bearer(tokens["access_token"]))
        assert again.status_code == 401


async def test_logout_with_refresh_token_only(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client = running.client
        tokens = await dev_login(client, "logout2@example.com")
        assert (await client.post(LOGOUT)).status_code == 401
        out = await client.post(LOGOUT, json={"refresh_token": tokens["refresh_token"]})
        assert out.status_code == 204
        assert (await client.get(ME, headers=bearer(tokens["access_token"]))).status_code == 401


async def test_revocations_survive_a_cache_loss(app_factory: AppFactory) -> None:
    settings = auth_settings(revocation_sync_seconds=0.1)
    async with app_factory(settings=[settings]) as running:
        client = running.client
        tokens = await dev_login(client, "durable@example.com")
        await client.post(LOGOUT, headers=bearer(tokens["access_token"]))
        jti = _claims(tokens["access_token"])["jti"]
        await running.container.cache.delete(revoked_key(jti), REVOCATIONS_LOADED)

        async def refused_again() -> bool:
            response = await client.get(ME, headers=bearer(tokens["access_token"]))
            return bool(response.status_code == 401)

        await eventually(refused_again)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forged(signer: TokenSigner, key: SigningKey) -> dict[str, str]:
    now = int(time.time())
    good = signer.issue("victim-user-id-000000000000", ["user"])
    claims = _claims(good.token)
    header = {"alg": "none", "typ": "JWT", "kid": key.kid}
    alg_none = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}."
    public_pem = key.public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    hs256 = _hs256(claims, public_pem, key.kid)
    head, payload, signature = good.token.split(".")
    tampered_claims = {**claims, "sub": "someone-else-0000000000000", "scope": "user admin"}
    tampered = f"{head}.{_b64(json.dumps(tampered_claims).encode())}.{signature}"

    def signed(**changes: Any) -> str:
        body = {**claims, **changes}
        return jwt.encode(body, key.private, algorithm="EdDSA", headers={"kid": key.kid})

    stranger = SigningKey.generate()
    return {
        "alg none": alg_none,
        "HS256 with the public key": hs256,
        "expired": signed(iat=now - 3600, nbf=now - 3600, exp=now - 60),
        "wrong aud": signed(aud="someone-else"),
        "wrong iss": signed(iss="https://evil.example"),
        "tampered payload": tampered,
        "unknown kid": jwt.encode(
            claims, stranger.private, algorithm="EdDSA", headers={"kid": stranger.kid}
        ),
        "kid of ours, key of another": jwt.encode(
            claims, stranger.private, algorithm="EdDSA", headers={"kid": key.kid}
        ),
        "no exp": signed(exp=None),
        "garbage": "not.a.token",
    }


def _hs256(claims: dict[str, Any], secret: bytes, kid: str) -> str:
    import hashlib
    import hmac

    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
    payload = _b64(json.dumps(claims).encode())
    mac = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(mac)}"


async def test_forged_tokens_are_rejected(
    app_factory: AppFactory, signer: TokenSigner, signing_key: SigningKey
) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client = running.client
        good = signer.issue("victim-user-id-000000000000", ["user"]).token
        assert (await client.get(ME, headers=bearer(good))).status_code == 200
        for name, token in _forged(signer, signing_key).items():
            for path in (ME, "/api/v1/auth/identities", "/api/v1/users/me/stats"):
                refused = await client.get(path, headers=bearer(token))
                assert refused.status_code == 401, (name, path, refused.text)
                assert refused.json()["error"]["code"] == "unauthorized"


async def test_signing_key_rotation(
    backend: Backend, signing_key: SigningKey, shared: Shared
) -> None:
    defaults = CoreSettings()
    new_key = SigningKey.generate()
    old_signer = TokenSigner(
        [signing_key], issuer=defaults.jwt_issuer, audience=defaults.jwt_audience
    )
    old_token = old_signer.issue("rotating-user-00000000000000").token
    app = compose(
        backend.settings,
        label="test",
        service_settings=[auth_settings()],
        shared=shared,
        signing_keys=[new_key, signing_key],
        scheduled=False,
    )
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        jwks = (await client.get("/.well-known/jwks.json")).json()
        assert [k["kid"] for k in jwks["keys"]] == [new_key.kid, signing_key.kid]
        assert (await client.get(ME, headers=bearer(old_token))).status_code == 200
        tokens = await dev_login(client, "rotation@example.com")
        assert jwt.get_unverified_header(tokens["access_token"])["kid"] == new_key.kid
        assert (await client.get(ME, headers=bearer(tokens["access_token"]))).status_code == 200


async def test_dev_login_can_be_switched_off(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings(dev_login=False)]) as running:
        off = await running.client.post("/api/v1/auth/dev/login", json={"email": "a@example.com"})
        assert off.status_code == 404
        assert off.json()["error"]["code"] == "not_found"


async def test_access_token_carries_the_standard_claims(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        tokens = await dev_login(running.client, "claims@example.com", "클레임")
        header = jwt.get_unverified_header(tokens["access_token"])
        claims = _claims(tokens["access_token"])
        assert header["alg"] == "EdDSA"
        assert header["kid"] in {k.kid for k in running.container.signing_keys}
        assert {"sub", "jti", "iat", "exp", "iss", "aud", "scope", "sid"} <= set(claims)
        assert 800 <= claims["exp"] - claims["iat"] <= 900
        assert claims["scope"] == "user"
