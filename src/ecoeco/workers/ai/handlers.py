"""The ai worker's consumers: scan rounds in, `scan.finished` and `scan.completed` out."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.contracts.events import ScanConfirmed, ScanFinished, ScanRequested
from ecoeco.core.bus import MessageContext, publish
from ecoeco.core.observability import metrics
from ecoeco.workers.ai.pipeline import Outcome
from ecoeco.workers.ai.runtime import AiRuntime


def record(
    session: AsyncSession, scan_id: str, user_id: str, round_: int, outcome: Outcome
) -> None:
    """Stage the round's final status (and the reward event) in the handler's transaction."""
    publish(
        session,
        ScanFinished(
            scan_id=scan_id,
            user_id=user_id,
            round=round_,
            status=outcome.status,
            stage=outcome.stage,
            result=outcome.result,
            error=outcome.error,
        ),
    )
    if outcome.completed is not None:
        publish(session, outcome.completed)
    metrics.SCANS.labels(outcome.status).inc()


async def on_scan_requested(ctx: MessageContext, runtime: AiRuntime) -> None:
    """Run a new scan: all the inference happens before the first database statement.

    A scan of an account erased meanwhile is dropped, before and after the inference
    (the pipeline looks in the same round trips as its writes): nothing new about the
    person reaches the outbox after their erasure.
    """
    event = ctx.envelope.open(ScanRequested)
    last = ctx.attempt > runtime.max_retries
    outcome = await runtime.pipeline.analyze(event, last_attempt=last, fresh=ctx.fresh)
    if outcome is not None:
        record(ctx.session, event.scan_id, event.user_id, 1, outcome)


async def on_scan_confirmed(ctx: MessageContext, runtime: AiRuntime) -> None:
    """Complete a confirmed scan from the rule stage on (dropped as a new one is)."""
    event = ctx.envelope.open(ScanConfirmed)
    last = ctx.attempt > runtime.max_retries
    outcome = await runtime.pipeline.complete(event, last_attempt=last)
    if outcome is not None:
        record(ctx.session, event.scan_id, event.user_id, event.round, outcome)
