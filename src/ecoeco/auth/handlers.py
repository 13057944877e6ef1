"""Events the auth service consumes."""

from __future__ import annotations

from ecoeco.auth.runtime import AuthRuntime
from ecoeco.auth.service import erase_account
from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import MessageContext


async def on_user_deleted(ctx: MessageContext, runtime: AuthRuntime) -> None:
    """Erase the account's identities, sessions and audit rows; its tokens die now."""
    event = ctx.envelope.open(UserDeleted)
    await erase_account(ctx.session, runtime, event.user_id)
