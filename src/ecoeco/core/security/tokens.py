"""Issuing and verifying access tokens (EdDSA JWTs) against a cached JWKS."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
from jwt import PyJWK

from ecoeco.core.cache import Cache
from ecoeco.core.db.base import new_id
from ecoeco.core.errors import ServiceUnavailable, Unauthorized
from ecoeco.core.security.keys import SigningKey

ALGORITHM = "EdDSA"


def revoked_key(jti: str) -> str:
    """The cache key marking an access token as revoked."""
    return f"revoked:jti:{jti}"


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


def http_jwks(url: str, timeout: float = 5.0) -> JwksFetcher:
    """Fetch the JWKS from the auth service."""

    async def fetch() -> dict[str, Any]:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.get(url)
            response.raise_for_status()
            data: dict[str, Any] = response.json()
            return data

    return fetch


class TokenVerifier:
    """Verifies tokens locally; refreshes the JWKS on an unknown kid, at most every 30 s."""

    def __init__(
        self,
        fetch_jwks: JwksFetcher,
        *,
        issuer: str,
        audience: str,
        cache: Cache | None = None,
        refresh_interval: float = 300.0,
        min_refetch_interval: float = 30.0,
    ) -> None:
        self.fetch_jwks = fetch_jwks
        self.issuer = issuer
        self.audience = audience
        self.cache = cache
        self.refresh_interval = refresh_interval
        self.min_refetch_interval = min_refetch_interval
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def _refresh(self, *, force: bool) -> None:
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            if self._keys and (
                age < self.min_refetch_interval or (not force and age < self.refresh_interval)
            ):
                return
            try:
                document = await self.fetch_jwks()
            except Exception as exc:
                if self._keys:
                    return
                raise ServiceUnavailable("signing keys are unavailable") from exc
            keys: dict[str, PyJWK] = {}
            for entry in document.get("keys", []):
                if entry.get("kid") and entry.get("kty") == "OKP":
                    keys[entry["kid"]] = PyJWK(entry, algorithm=ALGORITHM)
            self._keys = keys
            self._fetched_at = time.monotonic()

    async def _key_for(self, kid: str) -> PyJWK:
        if not self._keys or time.monotonic() - self._fetched_at > self.refresh_interval:
            await self._refresh(force=False)
        if kid not in self._keys:
            await self._refresh(force=True)
        if kid not in self._keys:
            raise Unauthorized("unknown signing key")
        return self._keys[kid]

    async def verify(self, token: str) -> Principal:
        """The principal of a valid, unrevoked token; Unauthorized otherwise."""
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
                leeway=5,
            )
        except jwt.ExpiredSignatureError:
            raise Unauthorized("token expired") from None
        except jwt.PyJWTError:
            raise Unauthorized("invalid token") from None
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
