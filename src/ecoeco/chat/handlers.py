"""Events the chat service consumes."""

from __future__ import annotations

from ecoeco.chat.runtime import ChatRuntime
from ecoeco.chat.service import erase_user, forget_limits
from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import MessageContext


async def on_user_deleted(ctx: MessageContext, runtime: ChatRuntime) -> None:
    """Erase every conversation of a person who deleted their account, and the rate-limit
    counters keyed by their id."""
    event = ctx.envelope.open(UserDeleted)
    await erase_user(ctx.session, event.user_id)
    await forget_limits(runtime.limiter, runtime.settings, event.user_id)
