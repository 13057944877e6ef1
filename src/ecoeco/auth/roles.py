"""Roles beyond `user`: an operator grants and revokes `admin`; auth issues it as a scope."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.auth import sessions
from ecoeco.auth.repository import RoleRepository, TokenRepository
from ecoeco.core.cache import Cache
from ecoeco.core.errors import NotFound, ValidationFailed

ROLES = ("admin",)


@dataclass(frozen=True)
class RoleChangeResult:
    """What a grant or revocation did."""

    account_id: str
    changed: bool  # False: the account already was (or was not) in the role
    sessions_cut: int = 0  # access tokens blacklisted so that they refresh without the role


async def _the_account(roles: RoleRepository, email: str) -> str:
    found = await roles.accounts_with_email(email)
    if not found:
        raise NotFound(f"no account has the e-mail {email!r}")
    if len(found) > 1:
        ids = ", ".join(a.id for a in found)
        raise ValidationFailed(f"{len(found)} accounts have the e-mail {email!r}: {ids}")
    return found[0].id


async def change_role(
    session: AsyncSession, cache: Cache, *, email: str, role: str, grant: bool, actor: str
) -> RoleChangeResult:
    """Grant or revoke a role, audited.

    A grant shows in the person's next access token (their next login or refresh). A
    revocation also blacklists the access tokens their sessions hold now: clients then
    refresh (their sessions stay) into tokens without the role.
    """
    if role not in ROLES:
        raise ValidationFailed(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    roles = RoleRepository(session)
    account_id = await _the_account(roles, email)
    changed = await (roles.grant if grant else roles.revoke)(account_id, role)
    roles.record(account_id, role, "grant" if grant else "revoke", actor)
    cut = 0
    if not grant:
        for jti, expires_at in await TokenRepository(session).live_access_tokens(account_id):
            await sessions.blacklist(session, cache, jti, expires_at)
            cut += 1
    return RoleChangeResult(account_id, changed, cut)
