"""Events the auth service consumes."""

from __future__ import annotations

from ecoeco.auth.service import erase_account
from ecoeco.core.bus import MessageContext
from ecoeco.core.contracts import UserDeleted


async def on_user_deleted(ctx: MessageContext) -> None:
    """Erase the account's identities, sessions and audit rows; its tokens die now."""
    event = ctx.envelope.open(UserDeleted)
    await erase_account(ctx.session, ctx.container.cache, event.user_id)
