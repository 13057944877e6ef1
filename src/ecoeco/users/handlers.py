"""Events the users service consumes."""

from __future__ import annotations

from ecoeco.contracts.events import CharacterGranted, ScanCompleted, UserDeleted
from ecoeco.core.bus import MessageContext
from ecoeco.core.security.tokens import recently_erased
from ecoeco.users import service
from ecoeco.users.erasure import redact_bus_copies
from ecoeco.users.runtime import UsersRuntime


async def on_scan_completed(ctx: MessageContext, runtime: UsersRuntime) -> None:
    """Count the scan in its category and on its day (for the streak)."""
    event = ctx.envelope.open(ScanCompleted)
    if await recently_erased(runtime.cache, event.user_id):
        return
    await service.count_scan(ctx.session, event, ctx.envelope.occurred_at)


async def on_character_granted(ctx: MessageContext, runtime: UsersRuntime) -> None:
    """Add the points earned."""
    event = ctx.envelope.open(CharacterGranted)
    if event.points and not await recently_erased(runtime.cache, event.user_id):
        await service.add_points(ctx.session, event.user_id, event.points)


async def on_user_deleted(ctx: MessageContext, runtime: UsersRuntime) -> None:
    """Erase anything that arrived for the user after the account was deleted, and every
    copy of the person the bus keeps (outbox, queues, dead letters)."""
    event = ctx.envelope.open(UserDeleted)
    await service.erase_user(ctx.session, event.user_id)
    await redact_bus_copies(ctx, runtime, event.user_id)
    await runtime.limiter.forget(runtime.settings.export_limits(), event.user_id)
