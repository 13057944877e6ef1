"""SQL of the auth service."""

from __future__ import annotations

from sqlalchemy import select

from ecoeco.auth.models import Account, SocialIdentity
from ecoeco.core.db import Repository


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

    async def link(self, account: Account, provider: str, provider_user_id: str) -> None:
        """Link a provider identity to an account."""
        self.session.add(
            SocialIdentity(
                account_id=account.id, provider=provider, provider_user_id=provider_user_id
            )
        )
        await self.session.flush()
