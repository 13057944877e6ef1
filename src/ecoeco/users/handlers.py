"""Events the users service consumes."""

from __future__ import annotations

from ecoeco.core.bus import MessageContext
from ecoeco.core.contracts import UserRegistered
from ecoeco.users.service import ensure_profile


async def on_user_registered(ctx: MessageContext) -> None:
    """Create the profile of a new user (a no-op if a request created it first)."""
    event = ctx.envelope.open(UserRegistered)
    await ensure_profile(ctx.session, event.user_id, email=event.email, nickname=event.nickname)
