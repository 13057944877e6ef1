"""Logic of the auth service: find or create identities, issue tokens."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.auth.models import Account
from ecoeco.auth.repository import AccountRepository
from ecoeco.auth.settings import AuthSettings
from ecoeco.core.bus import publish
from ecoeco.core.container import Container
from ecoeco.core.contracts import UserRegistered
from ecoeco.core.security.tokens import IssuedToken, TokenSigner

SIGNER = "auth.signer"
SETTINGS = "auth.settings"


async def start_auth(container: Container) -> None:
    """Build the signer from the container's keys once per process."""
    settings = AuthSettings()
    container.extras[SETTINGS] = settings
    container.extras[SIGNER] = TokenSigner(
        container.signing_keys,
        issuer=container.settings.jwt_issuer,
        audience=container.settings.jwt_audience,
        ttl=settings.access_ttl_seconds,
    )


@dataclass(frozen=True)
class Login:
    """The account that logged in, and whether it was just created."""

    account: Account
    created: bool


async def find_or_create(
    session: AsyncSession,
    *,
    provider: str,
    provider_user_id: str,
    email: str | None,
    nickname: str | None,
) -> Login:
    """The account for a provider identity; a new one announces itself."""
    accounts = AccountRepository(session)
    account = await accounts.by_identity(provider, provider_user_id)
    if account is not None:
        return Login(account, created=False)
    account = await accounts.add(Account(email=email, nickname=nickname))
    await accounts.link(account, provider, provider_user_id)
    publish(
        session,
        UserRegistered(user_id=account.id, email=email, nickname=nickname, provider=provider),
    )
    return Login(account, created=True)


def issue_access(signer: TokenSigner, account: Account) -> IssuedToken:
    """A new access token for the account."""
    return signer.issue(account.id, ["user"], email=account.email, nickname=account.nickname)
