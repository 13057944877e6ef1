"""A token verified once is remembered: no second signature check, nothing else skipped."""

from __future__ import annotations

import jwt
import pytest

from ecoeco.core.cache import MemoryCache
from ecoeco.core.errors import Unauthorized
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner, TokenVerifier, revoked_key
from tests.unit.core.test_tokens import AUD, ISS, Jwks, verifier_for


async def test_a_remembered_token_skips_the_signature_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    key = SigningKey.generate()
    verifier = verifier_for(Jwks(key))
    token = TokenSigner([key], issuer=ISS, audience=AUD).issue("u").token
    decoded = []
    real = jwt.decode

    def counting(*args: object, **kwargs: object) -> object:
        decoded.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jwt, "decode", counting)
    for _ in range(5):
        assert (await verifier.verify(token)).user_id == "u"
    assert len(decoded) == 1


async def test_a_remembered_token_is_still_checked_for_revocation() -> None:
    key, cache = SigningKey.generate(), MemoryCache()
    verifier = verifier_for(Jwks(key), cache)
    issued = TokenSigner([key], issuer=ISS, audience=AUD).issue("u")
    assert (await verifier.verify(issued.token)).jti == issued.jti
    await cache.set(revoked_key(issued.jti), b"1", ttl=60)
    with pytest.raises(Unauthorized, match="revoked"):
        await verifier.verify(issued.token)


async def test_a_withdrawn_key_takes_its_remembered_tokens_with_it() -> None:
    old, new = SigningKey.generate(), SigningKey.generate()
    jwks = Jwks(old)
    verifier = verifier_for(jwks)
    token = TokenSigner([old], issuer=ISS, audience=AUD).issue("u").token
    await verifier.verify(token)
    jwks.keys = [new]  # the old key is withdrawn
    verifier._attempted_at = None
    await verifier._refresh()
    with pytest.raises(Unauthorized, match="unknown signing key"):
        await verifier.verify(token)


async def test_only_so_many_tokens_are_remembered() -> None:
    key = SigningKey.generate()
    verifier = TokenVerifier(Jwks(key), issuer=ISS, audience=AUD, remembered=2)
    signer = TokenSigner([key], issuer=ISS, audience=AUD)
    tokens = [signer.issue(f"u{n}").token for n in range(3)]
    for token in tokens:
        await verifier.verify(token)
    assert list(verifier._verified) == tokens[1:]
