"""Events the users service consumes."""

from __future__ import annotations

from ecoeco.core.bus import MessageContext
from ecoeco.core.contracts import CharacterGranted, ScanCompleted, UserDeleted, UserRegistered
from ecoeco.users.repository import StatsRepository
from ecoeco.users.service import ensure_profile, erase_user, kst_day, recently_erased


async def on_user_registered(ctx: MessageContext) -> None:
    """Create the profile of a new user (a no-op if a request created it first)."""
    event = ctx.envelope.open(UserRegistered)
    if await recently_erased(ctx.container.cache, event.user_id):
        return
    await ensure_profile(ctx.session, event.user_id, email=event.email, nickname=event.nickname)


async def on_scan_completed(ctx: MessageContext) -> None:
    """Count the scan in its category and on its day (for the streak)."""
    event = ctx.envelope.open(ScanCompleted)
    if await recently_erased(ctx.container.cache, event.user_id):
        return
    day = kst_day(ctx.envelope.occurred_at)
    await StatsRepository(ctx.session).tally(event.scan_id, event.user_id, event.category, day)


async def on_character_granted(ctx: MessageContext) -> None:
    """Add the points earned."""
    event = ctx.envelope.open(CharacterGranted)
    if event.points and not await recently_erased(ctx.container.cache, event.user_id):
        await StatsRepository(ctx.session).add_points(event.user_id, event.points)


async def on_user_deleted(ctx: MessageContext) -> None:
    """Erase anything that arrived for the user after the account was deleted."""
    event = ctx.envelope.open(UserDeleted)
    await erase_user(ctx.session, event.user_id)
