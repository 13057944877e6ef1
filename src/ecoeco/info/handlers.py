"""Events the info service consumes."""

from __future__ import annotations

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import MessageContext
from ecoeco.info.runtime import InfoRuntime
from ecoeco.info.tips import forget_author


async def on_user_deleted(ctx: MessageContext, _runtime: InfoRuntime) -> None:
    """Keep an erased admin's tips, but not their account id."""
    event = ctx.envelope.open(UserDeleted)
    await forget_author(ctx.session, event.user_id)
