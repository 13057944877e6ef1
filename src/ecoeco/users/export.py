"""The data export: everything held on a person, gathered from every service into one
JSON document. Each service answers for itself through its typed client, with the
person's own token; a part that cannot be had fails the whole export (503), never a
silently partial one."""

from __future__ import annotations

import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.contracts.auth import AccountOut
from ecoeco.contracts.clients import ServiceRefused
from ecoeco.core.db import utcnow
from ecoeco.core.errors import ServiceUnavailable, Unauthorized
from ecoeco.core.internal import ServiceCallFailed
from ecoeco.core.security.tokens import Principal
from ecoeco.users.runtime import UsersRuntime
from ecoeco.users.schemas import ExportOut
from ecoeco.users.service import my_profile, my_stats, render


async def _account(runtime: UsersRuntime, token: str) -> AccountOut | None:
    try:
        return await runtime.exports.auth.account(token)
    except ServiceRefused as refused:
        if refused.status == 404:  # auth keeps no account for this token's subject
            return None
        raise


async def export(
    session: AsyncSession, runtime: UsersRuntime, principal: Principal, token: str
) -> ExportOut:
    """Everything held on the caller; counted against their export limits."""
    await runtime.limiter.hit_all(runtime.settings.export_limits(), principal.user_id)
    clients = runtime.exports
    try:  # the other services first: no database connection is held while they answer
        account, logins, scans, characters, chat = await asyncio.gather(
            _account(runtime, token),
            clients.auth.logins(token),
            clients.scans.export(token),
            clients.characters.export(token),
            clients.chat.export(token),
        )
    except ServiceRefused as refused:
        if refused.status == 401:
            raise Unauthorized("the session ended while exporting") from None
        raise ServiceUnavailable(f"{refused.service} could not export; try again") from None
    except ServiceCallFailed as failed:
        raise ServiceUnavailable(f"{failed.service} could not export; try again") from None
    identity = (account.email, account.nickname) if account is not None else (None, None)
    profile = await my_profile(
        session, runtime.cache, runtime.auth, principal, token, identity=identity
    )
    return ExportOut(
        exported_at=utcnow(),
        profile=render(profile),
        account=account,
        login_history=logins.items,
        stats=await my_stats(session, runtime.cache, principal.user_id),
        scans=scans.items,
        characters=characters.owned,
        points_ledger=characters.ledger,
        conversations=chat.conversations,
    )
