"""The verifier accepts only well-signed, current, unrevoked EdDSA tokens from our issuer."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from ecoeco.core.cache import MemoryCache
from ecoeco.core.errors import ServiceUnavailable, Unauthorized
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner, TokenVerifier, revoked_key

ISS, AUD = "ecoeco-auth", "ecoeco"


class Jwks:
    """A JWKS source that counts fetches."""

    def __init__(self, *keys: SigningKey) -> None:
        self.keys = list(keys)
        self.fetches = 0

    async def __call__(self) -> dict[str, Any]:
        self.fetches += 1
        return {"keys": [k.public_jwk() for k in self.keys]}


@pytest.fixture
def key() -> SigningKey:
    return SigningKey.generate()


def verifier_for(jwks: Jwks, cache: MemoryCache | None = None) -> TokenVerifier:
    return TokenVerifier(jwks, issuer=ISS, audience=AUD, cache=cache, min_refetch_interval=0)


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {"sub": "u1", "jti": "j1", "iat": now, "exp": now + 60, "iss": ISS, "aud": AUD}
    return {**base, **overrides}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


async def test_valid_token_gives_principal(key: SigningKey) -> None:
    issued = TokenSigner([key], issuer=ISS, audience=AUD).issue("user-1", ["user", "admin"])
    principal = await verifier_for(Jwks(key)).verify(issued.token)
    assert principal.user_id == "user-1"
    assert principal.has("admin")


async def test_alg_none_is_rejected(key: SigningKey) -> None:
    header = b64(json.dumps({"alg": "none", "kid": key.kid, "typ": "JWT"}).encode())
    token = f"{header}.{b64(json.dumps(claims()).encode())}."
    with pytest.raises(Unauthorized):
        await verifier_for(Jwks(key)).verify(token)


async def test_hs256_signed_with_the_public_key_is_rejected(key: SigningKey) -> None:
    public_pem = key.public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = b64(json.dumps({"alg": "HS256", "kid": key.kid, "typ": "JWT"}).encode())
    body = b64(json.dumps(claims()).encode())
    import hashlib
    import hmac

    signature = hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    with pytest.raises(Unauthorized):
        await verifier_for(Jwks(key)).verify(f"{header}.{body}.{b64(signature)}")


@pytest.mark.parametrize(
    "bad",
    [
        {"exp": int(time.time()) - 120},
        {"aud": "someone-else"},
        {"iss": "https://evil.example"},
    ],
    ids=["expired", "wrong-aud", "wrong-iss"],
)
async def test_expired_or_foreign_tokens_are_rejected(key: SigningKey, bad: dict[str, Any]) -> None:
    token = jwt.encode(claims(**bad), key.private, algorithm="EdDSA", headers={"kid": key.kid})
    with pytest.raises(Unauthorized):
        await verifier_for(Jwks(key)).verify(token)


async def test_tampered_payload_is_rejected(key: SigningKey) -> None:
    token = TokenSigner([key], issuer=ISS, audience=AUD).issue("user-1").token
    header, _, signature = token.split(".")
    forged = b64(json.dumps(claims(sub="admin", scope="admin")).encode())
    with pytest.raises(Unauthorized):
        await verifier_for(Jwks(key)).verify(f"{header}.{forged}.{signature}")


async def test_unknown_kid_refreshes_once_then_rejects(key: SigningKey) -> None:
    stranger = SigningKey.generate()
    jwks = Jwks(key)
    verifier = verifier_for(jwks)
    await verifier.verify(TokenSigner([key], issuer=ISS, audience=AUD).issue("u").token)
    with pytest.raises(Unauthorized):
        await verifier.verify(TokenSigner([stranger], issuer=ISS, audience=AUD).issue("u").token)
    assert jwks.fetches == 2


async def test_rotated_key_is_found_by_refreshing_the_jwks(key: SigningKey) -> None:
    jwks = Jwks(key)
    verifier = verifier_for(jwks)
    await verifier.verify(TokenSigner([key], issuer=ISS, audience=AUD).issue("u").token)
    newer = SigningKey.generate()
    jwks.keys.insert(0, newer)
    rotated = TokenSigner([newer, key], issuer=ISS, audience=AUD)
    assert (await verifier.verify(rotated.issue("u").token)).user_id == "u"


async def test_revoked_jti_is_rejected(key: SigningKey) -> None:
    cache = MemoryCache()
    issued = TokenSigner([key], issuer=ISS, audience=AUD).issue("u")
    verifier = verifier_for(Jwks(key), cache)
    await verifier.verify(issued.token)
    await cache.set(revoked_key(issued.jti), b"1", ttl=60)
    with pytest.raises(Unauthorized):
        await verifier.verify(issued.token)


class SlowJwks(Jwks):
    """A JWKS source that fails, or hangs until released, on demand."""

    def __init__(self, *keys: SigningKey) -> None:
        super().__init__(*keys)
        self.fail = False
        self.gate: asyncio.Event | None = None

    async def __call__(self) -> dict[str, Any]:
        self.fetches += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.fail:
            raise ConnectionError("auth is unreachable")
        return {"keys": [k.public_jwk() for k in self.keys]}


async def test_a_stale_copy_serves_at_once_while_it_refreshes_behind(key: SigningKey) -> None:
    jwks = SlowJwks(key)
    verifier = TokenVerifier(
        jwks, issuer=ISS, audience=AUD, refresh_interval=0.05, min_refetch_interval=0.01
    )
    token = TokenSigner([key], issuer=ISS, audience=AUD).issue("u").token
    await verifier.verify(token)
    jwks.gate = asyncio.Event()  # the auth service stops answering
    await asyncio.sleep(0.1)
    async with asyncio.timeout(1):  # no request waits for it
        for _ in range(20):
            assert (await verifier.verify(token)).user_id == "u"
    await asyncio.sleep(0.05)
    assert jwks.fetches == 2  # one refresh in the background, not one per request
    jwks.gate.set()


async def test_an_unreachable_jwks_is_asked_once_per_interval(key: SigningKey) -> None:
    jwks = SlowJwks(key)
    verifier = TokenVerifier(jwks, issuer=ISS, audience=AUD, min_refetch_interval=30)
    signer = TokenSigner([key], issuer=ISS, audience=AUD)
    await verifier.verify(signer.issue("u").token)
    jwks.fail = True
    stranger = TokenSigner([SigningKey.generate()], issuer=ISS, audience=AUD)
    verifier._attempted_at = 0.0  # the last fetch was long ago
    for _ in range(5):
        with pytest.raises(ServiceUnavailable):  # cannot tell whether the key is real
            await verifier.verify(stranger.issue("u").token)
    assert jwks.fetches == 2
    assert (await verifier.verify(signer.issue("u").token)).user_id == "u"


def test_key_is_generated_once_into_the_data_dir(tmp_path: Any) -> None:
    path = tmp_path / "keys" / "signing.pem"
    first = SigningKey.load_or_create(path)
    assert SigningKey.load_or_create(path).kid == first.kid
    assert path.stat().st_mode & 0o077 == 0


def test_processes_starting_together_agree_on_one_key(tmp_path: Any) -> None:
    """Two auth replicas on one data dir (no key file): never two keys, never a half file."""
    import subprocess
    import sys

    path = tmp_path / "keys" / "signing.pem"
    code = (
        "import sys; from pathlib import Path; from ecoeco.core.security.keys import SigningKey;"
        "print(SigningKey.load_or_create(Path(sys.argv[1])).kid)"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
        for _ in range(6)
    ]
    kids = {run.communicate(timeout=120)[0].strip() for run in runs}
    assert kids == {SigningKey.load_or_create(path).kid}
    assert [p.name for p in path.parent.iterdir()] == ["signing.pem"]
