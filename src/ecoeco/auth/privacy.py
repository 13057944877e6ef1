"""What auth tells a person, and the services acting for them, about their own account.

Tokens carry only the account id: the users service reads the e-mail and the
provider's display name from here when it creates the profile, and the export reads
the login history.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.auth.repository import AccountRepository, AuditRepository
from ecoeco.contracts.auth import AccountOut, LinkedProvider, LoginHistory, LoginRecord
from ecoeco.core.errors import NotFound

LOGIN_HISTORY_LIMIT = 1000


async def account_of(session: AsyncSession, account_id: str) -> AccountOut:
    """The caller's account as auth keeps it; 404 when it no longer exists."""
    accounts = AccountRepository(session)
    account = await accounts.get(account_id)
    if account is None:
        raise NotFound("no such account")
    linked = await accounts.identities(account_id)
    return AccountOut(
        user_id=account.id,
        email=account.email,
        nickname=account.nickname,
        created_at=account.created_at,
        providers=[LinkedProvider(provider=i.provider, created_at=i.created_at) for i in linked],
    )


async def logins_of(session: AsyncSession, account_id: str) -> LoginHistory:
    """The account's logins, refreshes and failed attempts, newest first."""
    rows = await AuditRepository(session).of_account(account_id, LOGIN_HISTORY_LIMIT)
    return LoginHistory(items=[LoginRecord.model_validate(r, from_attributes=True) for r in rows])
