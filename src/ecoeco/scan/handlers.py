"""Events the scan service consumes."""

from __future__ import annotations

import logging

from ecoeco.contracts.events import CharacterGranted, ScanFinished, UserDeleted
from ecoeco.contracts.scan import ScanStage
from ecoeco.core.bus import MessageContext
from ecoeco.core.observability import metrics
from ecoeco.scan import service
from ecoeco.scan.events import FinalEvent, announce_final
from ecoeco.scan.runtime import ScanRuntime

log = logging.getLogger(__name__)


async def on_scan_finished(ctx: MessageContext, runtime: ScanRuntime) -> None:
    """Store a round's result; the final SSE event is announced once that has committed."""
    event = ctx.envelope.open(ScanFinished)
    job = await service.apply_finished(ctx.session, event, ctx.envelope.dump_of(event))
    if job is not None:
        final = FinalEvent.of(job)
        ctx.after_commit(lambda: announce_final(runtime.hub, final))


async def on_character_granted(ctx: MessageContext, _runtime: ScanRuntime) -> None:
    """Show the reward on the scan it was earned by; the reward stage ends here."""
    job = await service.apply_reward(ctx.session, ctx.envelope.open(CharacterGranted))
    if job is not None and job.finished_at is not None:
        waited = max(0.0, (ctx.envelope.occurred_at - job.finished_at).total_seconds())

        async def count() -> None:
            metrics.PIPELINE_STAGE_DURATION.labels(ScanStage.reward).observe(waited)

        ctx.after_commit(count)


async def on_user_deleted(ctx: MessageContext, runtime: ScanRuntime) -> None:
    """Erase a person's scans and uploaded images."""
    event = ctx.envelope.open(UserDeleted)
    count = await service.erase_user(ctx.session, runtime.storage, event.user_id)
    await runtime.limiter.forget(runtime.settings.scan_limits(), event.user_id)
    log.info("erased %d scans of a deleted user", count)
