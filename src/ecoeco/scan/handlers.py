"""Events the scan service consumes."""

from __future__ import annotations

import logging

from ecoeco.core.bus import MessageContext
from ecoeco.core.contracts import CharacterGranted, ScanFinished, UserDeleted
from ecoeco.scan import service
from ecoeco.scan.events import announce_final

log = logging.getLogger(__name__)


async def on_scan_finished(ctx: MessageContext) -> None:
    """Store a round's result, then announce it: the final SSE event follows the commit."""
    event = ctx.envelope.open(ScanFinished)
    job = await service.apply_finished(ctx.session, event)
    if job is None:
        return
    await ctx.session.commit()
    await announce_final(ctx.container.hub, job)


async def on_character_granted(ctx: MessageContext) -> None:
    """Show the reward on the scan it was earned by."""
    await service.apply_reward(ctx.session, ctx.envelope.open(CharacterGranted))


async def on_user_deleted(ctx: MessageContext) -> None:
    """Erase a person's scans and uploaded images."""
    event = ctx.envelope.open(UserDeleted)
    count = await service.erase_user(ctx.session, ctx.container.storage, event.user_id)
    log.info("erased %d scans of a deleted user", count)
