"""Events the character service consumes."""

from __future__ import annotations

from ecoeco.character import service
from ecoeco.character.runtime import CharacterRuntime
from ecoeco.contracts.events import EVENT_TYPES, ScanCompleted, UserDeleted, UserRegistered
from ecoeco.core.bus import MessageContext
from ecoeco.core.bus.redaction import redact_outbox_rows


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
    """Erase what the person owned and earned, and redact the rewards announced for them.

    The users service redacts every outbox row about the person when it handles the
    deletion, but a reward settled here just before the tombstone (a scan that completed
    as the account was deleted) can be written after that. The tombstone's row lock puts
    every such reward before this handler, so this pass finds them.
    """
    event = ctx.envelope.open(UserDeleted)
    await service.erase_user(ctx.session, event.user_id, key=runtime.key)
    await redact_outbox_rows(ctx.session, EVENT_TYPES.get, event.user_id, keep=(UserDeleted.TYPE,))
