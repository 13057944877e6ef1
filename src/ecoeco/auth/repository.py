"""SQL of the auth service."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.auth.models import (
    Account,
    AccountRole,
    LoginEvent,
    RefreshToken,
    RevokedToken,
    RoleChange,
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
        for model in (TokenFamily, SocialIdentity, LoginEvent, AccountRole, RoleChange):
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

    async def live_access_tokens(self, account_id: str) -> list[tuple[str, datetime]]:
        """The unexpired access tokens issued to an account's live sessions."""
        stmt = (
            select(RefreshToken.access_jti, RefreshToken.access_expires_at)
            .join(TokenFamily, TokenFamily.id == RefreshToken.family_id)
            .where(
                TokenFamily.account_id == account_id,
                TokenFamily.revoked_at.is_(None),
                RefreshToken.access_expires_at > utcnow(),
            )
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

    async def of_account(self, account_id: str, limit: int) -> list[LoginEvent]:
        """The account's audit rows, newest first."""
        stmt = (
            select(LoginEvent)
            .where(LoginEvent.account_id == account_id)
            .order_by(LoginEvent.created_at.desc(), LoginEvent.id.desc())
            .limit(limit)
        )
        return list((await self.session.execute(stmt)).scalars())


class RoleRepository:
    """Roles accounts hold beyond `user`, and the audit of every change."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def roles_of(self, account_id: str) -> list[str]:
        """The account's extra roles, sorted."""
        stmt = select(AccountRole.role).where(AccountRole.account_id == account_id)
        return sorted((await self.session.execute(stmt)).scalars())

    async def accounts_with_email(self, email: str) -> list[Account]:
        """Accounts whose e-mail is this one (case-insensitive)."""
        stmt = select(Account).where(func.lower(Account.email) == email.lower())
        return list((await self.session.execute(stmt)).scalars())

    async def grant(self, account_id: str, role: str) -> bool:
        """Give the role; False when the account already held it."""
        if role in await self.roles_of(account_id):
            return False
        self.session.add(AccountRole(account_id=account_id, role=role))
        await self.session.flush()
        return True

    async def revoke(self, account_id: str, role: str) -> bool:
        """Take the role away; False when the account did not hold it."""
        result: CursorResult[tuple[()]] = await self.session.execute(  # type: ignore[assignment]
            delete(AccountRole).where(
                AccountRole.account_id == account_id, AccountRole.role == role
            )
        )
        return bool(result.rowcount)

    def record(self, account_id: str, role: str, action: str, actor: str) -> None:
        """Audit one change."""
        self.session.add(RoleChange(account_id=account_id, role=role, action=action, actor=actor))

    async def changes(self, account_id: str) -> list[RoleChange]:
        """The account's role changes, oldest first."""
        stmt = (
            select(RoleChange)
            .where(RoleChange.account_id == account_id)
            .order_by(RoleChange.created_at, RoleChange.id)
        )
        return list((await self.session.execute(stmt)).scalars())
