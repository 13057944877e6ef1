"""The ai worker's consumers: scan rounds in, `scan.finished` and `scan.completed` out."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.bus import MessageContext, publish
from ecoeco.core.container import Container
from ecoeco.core.contracts import ScanConfirmed, ScanFinished, ScanRequested
from ecoeco.core.observability import metrics
from ecoeco.knowledge import KnowledgeBase, load_knowledge
from ecoeco.workers.ai.adapters.factory import build_classifier
from ecoeco.workers.ai.pipeline import Outcome, ScanPipeline, guarded
from ecoeco.workers.ai.ports import Classifier, VisionError
from ecoeco.workers.ai.settings import AiSettings
from ecoeco.workers.ai.vision import VisionPolicy

log = logging.getLogger(__name__)

PIPELINE = "ai.pipeline"
CLASSIFIER = "ai.classifier"


def load_classifier(settings: AiSettings, kb: KnowledgeBase) -> Classifier:
    """The configured classifier with its model loaded (blocking; once per process)."""
    classifier = build_classifier(settings, kb)
    classifier.warm()
    return classifier


async def start_ai(container: Container) -> None:
    """Load the knowledge and the model once; a classifier put in `extras` first wins."""
    if PIPELINE in container.extras:
        return
    settings = AiSettings()
    kb = load_knowledge()
    classifier: Classifier | None = container.extras.get(CLASSIFIER)
    if classifier is None:
        try:
            classifier = await asyncio.to_thread(load_classifier, settings, kb)
        except VisionError as exc:  # scans with a photo then fail with a reason to show
            log.error("image model unavailable: %s", exc.reason)
        container.extras[CLASSIFIER] = classifier
    container.extras[PIPELINE] = ScanPipeline(
        kb,
        classifier,
        storage=container.storage,
        hub=container.hub,
        cache=container.cache,
        policy=VisionPolicy(
            top_k=settings.top_k,
            timeout=settings.vision_timeout_seconds,
            retries=settings.vision_max_retries,
            backoff=settings.vision_backoff_seconds,
        ),
        confident_score=settings.confident_score,
    )


def _pipeline(ctx: MessageContext) -> ScanPipeline:
    pipeline: ScanPipeline = ctx.container.extras[PIPELINE]
    return pipeline


def _last_attempt(ctx: MessageContext) -> bool:
    settings: Any = ctx.container.settings
    return ctx.attempt > int(settings.bus_max_retries)


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


async def on_scan_requested(ctx: MessageContext) -> None:
    """Run a new scan: all the inference happens before the first database statement."""
    event = ctx.envelope.open(ScanRequested)
    outcome = await guarded(_pipeline(ctx).analyze(event), last_attempt=_last_attempt(ctx))
    record(ctx.session, event.scan_id, event.user_id, 1, outcome)


async def on_scan_confirmed(ctx: MessageContext) -> None:
    """Complete a confirmed scan from the rule stage on."""
    event = ctx.envelope.open(ScanConfirmed)
    outcome = await guarded(_pipeline(ctx).complete(event), last_attempt=_last_attempt(ctx))
    record(ctx.session, event.scan_id, event.user_id, event.round, outcome)
