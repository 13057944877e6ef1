"""Events the character service consumes."""

from __future__ import annotations

from ecoeco.character import service
from ecoeco.character.runtime import CharacterRuntime
from ecoeco.contracts.events import ScanCompleted, UserDeleted, UserRegistered
from ecoeco.core.bus import MessageContext


async def on_user_registered(ctx: MessageContext, runtime: CharacterRuntime) -> None:
    """Give a new person the starter character."""
    event = ctx.envelope.open(UserRegistered)
    await service.grant_starter(ctx.session, runtime.catalogue, event.user_id, key=runtime.key)


async def on_scan_completed(ctx: MessageContext, runtime: CharacterRuntime) -> None:
    """Reward a correct recyclable scan; its day is the one the scan completed on."""
    event = ctx.envelope.open(ScanCompleted)
    await service.grant_for_scan(
        ctx.session,
        runtime.catalogue,
        runtime.rule,
        event,
        ctx.envelope.occurred_at,
        key=runtime.key,
    )


async def on_user_deleted(ctx: MessageContext, runtime: CharacterRuntime) -> None:
    """Erase what the person owned and earned."""
    event = ctx.envelope.open(UserDeleted)
    await service.erase_user(ctx.session, event.user_id, key=runtime.key)
