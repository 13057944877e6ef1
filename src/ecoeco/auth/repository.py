"""SQL of the auth service."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.auth.models import (
    Account,
    LoginEvent,
    RefreshToken,
    RevokedToken,
    SocialIdentity,
    TokenFamily,
)
from ecoeco.core.db import Repository, utcnow


class AccountRepository(Repository[Account]):
    """Accounts and their linked identities."""

    model = Account

    async def by_identity(self, provider: str, provider_user_id: str) -> Account | None:
        """The account linked to a provider identity."""
        stmt = (
            select(Account)
            .join(SocialIdentity, SocialIdentity.account_id == Account.id)
            .where(
                SocialIdentity.provider == provider,
                SocialIdentity.provider_user_id == provider_user_id,
            )
        )
        return await self.one_or_none(stmt)

    async def link(self, account_id: str, provider: str, provider_user_id: str) -> None:
        """Link a provider identity to an account."""
        self.session.add(
            SocialIdentity(
                account_id=account_id, provider=provider, provider_user_id=provider_user_id
            )
        )
        await self.session.flush()

    async def identities(self, account_id: str) -> list[SocialIdentity]:
        """The identities linked to an account, oldest first."""
        stmt = (
            select(SocialIdentity)
            .where(SocialIdentity.account_id == account_id)
            .order_by(SocialIdentity.created_at, SocialIdentity.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def unlink(self, identity: SocialIdentity) -> None:
        """Remove one linked identity."""
        await self.session.delete(identity)
        await self.session.flush()

    async def erase(self, account_id: str) -> None:
        """Delete the account and everything hanging off it (explicitly, not only by cascade)."""
        families = select(TokenFamily.id).where(TokenFamily.account_id == account_id)
        await self.session.execute(delete(RefreshToken).where(RefreshToken.family_id.in_(families)))
        for model in (TokenFamily, SocialIdentity, LoginEvent):
            await self.session.execute(delete(model).where(model.account_id == account_id))
        await self.session.execute(delete(Account).where(Account.id == account_id))


class TokenRepository:
    """Refresh-token families and their rotated tokens."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_family(self, account_id: str, provider: str) -> TokenFamily:
        """Open a new family (one login)."""
        family = TokenFamily(account_id=account_id, provider=provider)
        self.session.add(family)
        await self.session.flush()
        return family

    async def add_token(self, token: RefreshToken) -> None:
        """Store a new refresh token."""
        self.session.add(token)
        await self.session.flush()

    async def by_hash(self, token_hash: str) -> tuple[RefreshToken, TokenFamily] | None:
        """The refresh token with this hash, and its family."""
        stmt = (
            select(RefreshToken, TokenFamily)
            .join(TokenFamily, TokenFamily.id == RefreshToken.family_id)
            .where(RefreshToken.token_hash == token_hash)
        )
        row = (await self.session.execute(stmt)).first()
        return (row[0], row[1]) if row is not None else None

    async def family(self, family_id: str) -> TokenFamily | None:
        """A family by id."""
        return await self.session.get(TokenFamily, family_id)

    async def claim(self, token_id: str) -> bool:
        """Mark a refresh token used; False when someone used it first (atomic)."""
        result = await self.session.execute(
            update(RefreshToken)
            .where(RefreshToken.id == token_id, RefreshToken.used_at.is_(None))
            .values(used_at=utcnow())
        )
        return isinstance(result, CursorResult) and result.rowcount == 1

    async def revoke_families(
        self, family_ids: list[str], reason: str
    ) -> list[tuple[str, datetime]]:
        """Revoke families; returns the access tokens they issued that have not expired."""
        if not family_ids:
            return []
        await self.session.execute(
            update(TokenFamily)
            .where(TokenFamily.id.in_(family_ids), TokenFamily.revoked_at.is_(None))
            .values(revoked_at=utcnow(), revoked_reason=reason)
        )
        stmt = select(RefreshToken.access_jti, RefreshToken.access_expires_at).where(
            RefreshToken.family_id.in_(family_ids), RefreshToken.access_expires_at > utcnow()
        )
        return [(jti, exp) for jti, exp in (await self.session.execute(stmt)).all()]

    async def family_ids(self, account_id: str) -> list[str]:
        """Every family of an account."""
        stmt = select(TokenFamily.id).where(TokenFamily.account_id == account_id)
        return list((await self.session.execute(stmt)).scalars())


class RevocationRepository:
    """Revoked access-token ids, the durable copy of the cache blacklist."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, jti: str, expires_at: datetime) -> None:
        """Record a revocation (idempotent)."""
        if await self.session.get(RevokedToken, jti) is None:
            self.session.add(RevokedToken(jti=jti, expires_at=expires_at))
            await self.session.flush()

    async def live(self) -> list[tuple[str, datetime]]:
        """Revocations whose tokens have not expired yet."""
        stmt = select(RevokedToken.jti, RevokedToken.expires_at).where(
            RevokedToken.expires_at > utcnow()
        )
        return [(jti, exp) for jti, exp in (await self.session.execute(stmt)).all()]

    async def purge_expired(self) -> None:
        """Forget revocations of tokens that have expired anyway."""
        await self.session.execute(delete(RevokedToken).where(RevokedToken.expires_at <= utcnow()))


class AuditRepository:
    """Login audit rows."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def record(self, event: LoginEvent) -> None:
        """Stage an audit row in the current transaction."""
        self.session.add(event)
