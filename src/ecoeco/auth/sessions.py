"""Token pairs: issue, rotate and revoke refresh-token families; the durable blacklist."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.auth.errors import InvalidRefreshToken, RefreshTokenReused
from ecoeco.auth.models import Account, RefreshToken, TokenFamily
from ecoeco.auth.repository import RevocationRepository, RoleRepository, TokenRepository
from ecoeco.core.cache import Cache
from ecoeco.core.db import Database, utcnow
from ecoeco.core.security.tokens import IssuedToken, TokenSigner, revoked_key

REVOCATIONS_LOADED = "auth:revocations:loaded"


@dataclass(frozen=True)
class TokenPair:
    """An access token and the opaque refresh token that renews it."""

    access: IssuedToken
    refresh_token: str
    family_id: str
    account_id: str


def hash_refresh(token: str) -> str:
    """The at-rest form of a refresh token (it is random, so a plain SHA-256 suffices)."""
    return hashlib.sha256(token.encode()).hexdigest()


async def issue_pair(
    session: AsyncSession,
    signer: TokenSigner,
    account: Account,
    family: TokenFamily,
    *,
    refresh_ttl: int,
) -> TokenPair:
    """A new access token and refresh token in the given family (scopes from the roles)."""
    scopes = ["user", *await RoleRepository(session).roles_of(account.id)]
    access = signer.issue(account.id, scopes, sid=family.id)  # no e-mail, no nickname
    refresh = secrets.token_urlsafe(32)
    now = utcnow()
    await TokenRepository(session).add_token(
        RefreshToken(
            family_id=family.id,
            token_hash=hash_refresh(refresh),
            access_jti=access.jti,
            access_expires_at=datetime.fromtimestamp(access.expires_at, tz=now.tzinfo),
            expires_at=now + timedelta(seconds=refresh_ttl),
        )
    )
    return TokenPair(access, refresh, family.id, account.id)


async def open_session(
    session: AsyncSession, signer: TokenSigner, account: Account, provider: str, refresh_ttl: int
) -> TokenPair:
    """A new family (one login) and its first pair."""
    family = await TokenRepository(session).add_family(account.id, provider)
    return await issue_pair(session, signer, account, family, refresh_ttl=refresh_ttl)


async def find_family(session: AsyncSession, refresh_token: str) -> TokenFamily:
    """The family of a refresh token; raises when the token is unknown."""
    found = await TokenRepository(session).by_hash(hash_refresh(refresh_token))
    if found is None:
        raise InvalidRefreshToken("unknown refresh token")
    return found[1]


async def rotate(
    session: AsyncSession,
    cache: Cache,
    signer: TokenSigner,
    refresh_token: str,
    *,
    refresh_ttl: int,
) -> TokenPair:
    """Spend a refresh token for a new pair; a second use revokes the whole family.

    On `RefreshTokenReused` the caller must commit before answering, so that the
    revocation sticks.
    """
    tokens = TokenRepository(session)
    found = await tokens.by_hash(hash_refresh(refresh_token))
    if found is None:
        raise InvalidRefreshToken("unknown refresh token")
    token, family = found
    if family.revoked_at is not None:
        raise InvalidRefreshToken("refresh token revoked")
    if not await tokens.claim(token.id):
        await revoke_families(session, cache, [family.id], reason="reuse")
        raise RefreshTokenReused("refresh token was already used; every session token is revoked")
    if token.expires_at <= utcnow():
        raise InvalidRefreshToken("refresh token expired")
    account = await session.get(Account, family.account_id)
    if account is None:
        raise InvalidRefreshToken("account no longer exists")
    return await issue_pair(session, signer, account, family, refresh_ttl=refresh_ttl)


async def revoke_families(
    session: AsyncSession, cache: Cache, family_ids: list[str], *, reason: str
) -> None:
    """Revoke families and blacklist every unexpired access token they issued."""
    issued = await TokenRepository(session).revoke_families(family_ids, reason)
    for jti, expires_at in issued:
        await blacklist(session, cache, jti, expires_at)


async def blacklist(session: AsyncSession, cache: Cache, jti: str, expires_at: datetime) -> None:
    """Blacklist one access token until it expires: in the cache now, in the database for good."""
    left = (expires_at - utcnow()).total_seconds()
    if left <= 0:
        return
    await RevocationRepository(session).add(jti, expires_at)
    await cache.set(revoked_key(jti), b"1", ttl=left + 10)


async def restore_revocations(db: Database, cache: Cache) -> int:
    """Refill the cache blacklist from the database when the cache lost it (e.g. a restart).

    A marker key says the blacklist is loaded; when it is gone, so may be the rest.
    Returns how many revocations were restored.
    """
    if await cache.get(REVOCATIONS_LOADED) is not None:
        return 0
    async with db.transaction() as session:
        revocations = RevocationRepository(session)
        await revocations.purge_expired()
        live = await revocations.live()
    now = utcnow()
    for jti, expires_at in live:
        await cache.set(revoked_key(jti), b"1", ttl=(expires_at - now).total_seconds() + 10)
    await cache.set(REVOCATIONS_LOADED, b"1")
    return len(live)
