"""Events the chat service consumes."""

from __future__ import annotations

from ecoeco.chat.service import erase_user
from ecoeco.core.bus import MessageContext
from ecoeco.core.contracts import UserDeleted


async def on_user_deleted(ctx: MessageContext) -> None:
    """Erase every conversation of a person who deleted their account."""
    event = ctx.envelope.open(UserDeleted)
    await erase_user(ctx.session, event.user_id)
