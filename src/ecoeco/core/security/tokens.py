"""Issuing and verifying access tokens (EdDSA JWTs) against a cached JWKS."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import jwt
from jwt import PyJWK

from ecoeco.core.cache import Cache
from ecoeco.core.db.base import new_id
from ecoeco.core.errors import ServiceUnavailable, Unauthorized
from ecoeco.core.http import HttpClients
from ecoeco.core.security.keys import SigningKey

ALGORITHM = "EdDSA"
LEEWAY_SECONDS = 5  # clock skew allowed on exp, nbf and iat


def revoked_key(jti: str) -> str:
    """The cache key marking an access token as revoked."""
    return f"revoked:jti:{jti}"


# Longer than any access token lives: until then a deleted account must not come back
# from a token that auth has not revoked yet, nor from a late event.
ERASED_MARKER_SECONDS = 2 * 3600


def erased_key(user_id: str) -> str:
    """The cache key marking an account as just deleted (set by the users service)."""
    return f"users:erased:{user_id}"


async def mark_erased(cache: Cache, user_id: str) -> None:
    """Say, for every service at once, that this person's account is gone."""
    await cache.set(erased_key(user_id), b"1", ttl=ERASED_MARKER_SECONDS)


async def recently_erased(cache: Cache, user_id: str) -> bool:
    """True while a just-deleted account's leftovers may still arrive."""
    return await cache.get(erased_key(user_id)) is not None


@dataclass(frozen=True)
class Principal:
    """Who is calling, as proven by a verified token."""

    user_id: str
    scopes: frozenset[str]
    jti: str
    expires_at: int
    claims: dict[str, Any] = field(default_factory=dict)

    def has(self, scope: str) -> bool:
        """True when the token carries the scope."""
        return scope in self.scopes


@dataclass(frozen=True)
class IssuedToken:
    """A signed access token and what it says."""

    token: str
    jti: str
    expires_at: int
    expires_in: int


class TokenSigner:
    """Signs access tokens with the newest key; older keys stay in the JWKS to verify."""

    def __init__(
        self, keys: list[SigningKey], *, issuer: str, audience: str, ttl: int = 900
    ) -> None:
        if not keys:
            raise ValueError("at least one signing key is needed")
        self.keys = keys
        self.issuer = issuer
        self.audience = audience
        self.ttl = ttl

    def issue(self, subject: str, scopes: list[str] | None = None, **extra: Any) -> IssuedToken:
        """A new access token for `subject`."""
        key = self.keys[0]
        now = int(time.time())
        jti = new_id()
        claims = {
            "sub": subject,
            "jti": jti,
            "iat": now,
            "nbf": now,
            "exp": now + self.ttl,
            "iss": self.issuer,
            "aud": self.audience,
            "scope": " ".join(scopes or ["user"]),
            **extra,
        }
        token = jwt.encode(claims, key.private, algorithm=ALGORITHM, headers={"kid": key.kid})
        return IssuedToken(token=token, jti=jti, expires_at=now + self.ttl, expires_in=self.ttl)

    def jwks(self) -> dict[str, Any]:
        """The public keys as a JWKS document."""
        return {"keys": [key.public_jwk() for key in self.keys]}


JwksFetcher = Callable[[], Awaitable[dict[str, Any]]]


def http_jwks(url: str, http: HttpClients, timeout: float = 5.0) -> JwksFetcher:
    """Fetch the JWKS from the auth service, over the process's pooled client for it."""

    async def fetch() -> dict[str, Any]:
        response = await http.for_url(url).get(url, timeout=timeout)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    return fetch


class TokenVerifier:
    """Verifies tokens locally against a cached JWKS.

    Known keys are used at once; when the copy is older than `refresh_interval` it is
    refreshed in the background, so no request waits on the auth service. A token
    signed with a key not seen yet waits for one refresh, at most every
    `min_refetch_interval` seconds; a failed fetch is not retried before that either,
    so an unreachable auth service costs one timeout per interval, not one per request.

    A token seen before is not verified again: its claims are remembered (at most
    `remembered` tokens, until they expire, forgotten when the key set changes), so a
    person's requests cost one signature check per token, not one each. Expiry and
    revocation are still checked on every request.
    """

    def __init__(
        self,
        fetch_jwks: JwksFetcher,
        *,
        issuer: str,
        audience: str,
        cache: Cache | None = None,
        refresh_interval: float = 300.0,
        min_refetch_interval: float = 30.0,
        remembered: int = 4096,
    ) -> None:
        self.fetch_jwks = fetch_jwks
        self.issuer = issuer
        self.audience = audience
        self.cache = cache
        self.refresh_interval = refresh_interval
        self.min_refetch_interval = min_refetch_interval
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at = 0.0
        self._attempted_at: float | None = None
        self._failed = False
        self._lock = asyncio.Lock()
        self._background: asyncio.Task[None] | None = None
        self._verified: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._remembered = remembered

    async def _refresh(self) -> None:
        """Fetch the JWKS unless one was attempted within `min_refetch_interval`."""
        async with self._lock:
            now = time.monotonic()
            # With no key at all (auth not up yet) try again sooner.
            pause = self.min_refetch_interval if self._keys else min(self.min_refetch_interval, 1.0)
            if self._attempted_at is not None and now - self._attempted_at < pause:
                if not self._keys and self._failed:
                    raise ServiceUnavailable("signing keys are unavailable")
                return
            self._attempted_at = now
            try:
                document = await self.fetch_jwks()
            except Exception as exc:
                self._failed = True
                if self._keys:
                    return
                raise ServiceUnavailable("signing keys are unavailable") from exc
            keys: dict[str, PyJWK] = {}
            for entry in document.get("keys", []):
                if entry.get("kid") and entry.get("kty") == "OKP":
                    keys[entry["kid"]] = PyJWK(entry, algorithm=ALGORITHM)
            if keys.keys() != self._keys.keys():
                self._verified.clear()  # a key withdrawn takes its tokens with it
            self._keys, self._fetched_at, self._failed = keys, time.monotonic(), False

    def _refresh_in_background(self) -> None:
        if self._background is None or self._background.done():
            self._background = asyncio.create_task(self._quiet_refresh(), name="jwks-refresh")

    async def _quiet_refresh(self) -> None:
        with contextlib.suppress(ServiceUnavailable):
            await self._refresh()

    async def _key_for(self, kid: str) -> PyJWK:
        key = self._keys.get(kid)
        if key is not None:
            if time.monotonic() - self._fetched_at > self.refresh_interval:
                self._refresh_in_background()
            return key
        await self._refresh()
        key = self._keys.get(kid)
        if key is None:
            if self._failed:  # could not ask: the key may well be real
                raise ServiceUnavailable("signing keys are unavailable")
            raise Unauthorized("unknown signing key")
        return key

    async def verify(self, token: str) -> Principal:
        """The principal of a valid, unrevoked token; Unauthorized otherwise."""
        claims = self._verified.get(token)
        if claims is not None and claims["exp"] + LEEWAY_SECONDS > time.time():
            if time.monotonic() - self._fetched_at > self.refresh_interval:
                self._refresh_in_background()  # as for any known key
        else:
            claims = await self._verify_signature(token)
            self._verified[token] = claims
            if len(self._verified) > self._remembered:
                self._verified.popitem(last=False)
        if self.cache is not None:
            try:
                revoked = await self.cache.get(revoked_key(claims["jti"]))
            except Exception as exc:
                raise ServiceUnavailable("cannot check token revocation") from exc
            if revoked is not None:
                raise Unauthorized("token revoked")
        return Principal(
            user_id=str(claims["sub"]),
            scopes=frozenset(str(claims.get("scope", "")).split()),
            jti=str(claims["jti"]),
            expires_at=int(claims["exp"]),
            claims=claims,
        )

    async def _verify_signature(self, token: str) -> dict[str, Any]:
        """The claims of a token whose signature, issuer, audience and times check out."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthorized("malformed token") from None
        if header.get("alg") != ALGORITHM or not isinstance(header.get("kid"), str):
            raise Unauthorized("unsupported token algorithm")
        key = await self._key_for(header["kid"])
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[ALGORITHM],
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "jti", "iss", "aud"]},
                leeway=LEEWAY_SECONDS,
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("token expired") from None
        except jwt.PyJWTError:
            raise Unauthorized("invalid token") from None
        return claims
