"""Events the character service consumes."""

from __future__ import annotations

from ecoeco.character import service
from ecoeco.character.catalogue import Catalogue
from ecoeco.character.rules import PointsRule
from ecoeco.core.bus import MessageContext
from ecoeco.core.contracts import ScanCompleted, UserDeleted, UserRegistered


async def on_user_registered(ctx: MessageContext) -> None:
    """Give a new person the starter character."""
    event = ctx.envelope.open(UserRegistered)
    catalogue: Catalogue = ctx.container.extras[service.CATALOGUE]
    await service.grant_starter(ctx.session, catalogue, event.user_id)


async def on_scan_completed(ctx: MessageContext) -> None:
    """Reward a correct recyclable scan; its day is the one the scan completed on."""
    event = ctx.envelope.open(ScanCompleted)
    catalogue: Catalogue = ctx.container.extras[service.CATALOGUE]
    rule: PointsRule = ctx.container.extras[service.RULE]
    await service.grant_for_scan(ctx.session, catalogue, rule, event, ctx.envelope.occurred_at)


async def on_user_deleted(ctx: MessageContext) -> None:
    """Erase what the person owned and earned."""
    event = ctx.envelope.open(UserDeleted)
    await service.erase_user(ctx.session, event.user_id)
