"""Logic of the scan service: jobs, their results and the person's history."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.contracts.events import CharacterGranted, ScanConfirmed, ScanFinished, ScanRequested
from ecoeco.contracts.names import ImageKey, ScanProgress, user_prefix
from ecoeco.contracts.scan import FINAL_STATUSES, RewardOut, ScanExport, ScanStage, ScanStatus
from ecoeco.core.bus import publish
from ecoeco.core.cache import Cache
from ecoeco.core.db import new_id, utcnow
from ecoeco.core.pagination import Page, decode_time_cursor, encode_cursor
from ecoeco.core.storage import ObjectStorage
from ecoeco.knowledge import KnowledgeBase
from ecoeco.scan.errors import (
    ImageNotFound,
    NotAwaitingConfirmation,
    ScanNotFound,
    UnknownChoice,
)
from ecoeco.scan.models import ScanJob
from ecoeco.scan.repository import FinishedRound, ScanRepository
from ecoeco.scan.schemas import (
    ScanConfirm,
    ScanCreate,
    ScanOut,
    ScanSummary,
)


async def check_image(storage: ObjectStorage, user_id: str, image_key: str) -> str:
    """The thumbnail key of the caller's accepted image; 422 for anything else."""
    parsed = ImageKey.parse(image_key)
    if parsed is None or parsed.user_id != user_id or not await storage.exists(image_key):
        raise ImageNotFound("image_key names no image you uploaded")
    return parsed.thumbnail


async def replay(session: AsyncSession, user_id: str, idempotency_key: str) -> ScanJob | None:
    """The scan this user already created with this Idempotency-Key."""
    return await ScanRepository(session).by_idempotency_key(user_id, idempotency_key)


async def start_scan(
    session: AsyncSession,
    storage: ObjectStorage,
    user_id: str,
    body: ScanCreate,
    idempotency_key: str | None,
) -> ScanJob:
    """Queue a scan: its job row and its outbox message, written together.

    With an Idempotency-Key the caller has looked for a replay first (`replay`, before the
    rate limit, so a replay is not counted): that read is not repeated here. A concurrent
    request with the same key that commits in between is caught by the unique index.
    """
    scans = ScanRepository(session)
    thumbnail = await check_image(storage, user_id, body.image_key) if body.image_key else None
    job = ScanJob(
        id=new_id(),
        user_id=user_id,
        idempotency_key=idempotency_key,
        status=ScanStatus.queued,
        round=1,
        image_key=body.image_key,
        thumbnail_key=thumbnail,
        hint=body.hint,
    )
    requested = ScanRequested(
        scan_id=job.id, user_id=user_id, image_key=job.image_key, hint=job.hint
    )
    if idempotency_key is None:  # nothing can collide: the job and its message at once
        publish(session, requested)
        await scans.create_last(job)
        return job
    try:  # a concurrent request with the same key may win the unique index
        async with session.begin_nested():
            session.add(job)
    except IntegrityError:
        existing = await scans.by_idempotency_key(user_id, idempotency_key)
        if existing is not None:
            return existing
        raise
    publish(session, requested)
    return job


async def find(session: AsyncSession, user_id: str, scan_id: str) -> ScanJob:
    """The caller's scan; 404 when it is missing or someone else's."""
    job = await ScanRepository(session).owned(scan_id, user_id)
    if job is None:
        raise ScanNotFound()
    return job


async def view(job: ScanJob, cache: Cache) -> ScanOut:
    """The scan as the client sees it, with live progress while the worker runs."""
    status, stage = job.status, job.stage
    if status == ScanStatus.queued:
        raw = await cache.get(ScanProgress.key(job.id))
        progress = ScanProgress.decode(raw) if raw is not None else None
        if progress is not None and progress.round == job.round:
            status, stage = ScanStatus.running, progress.stage
    return ScanOut.model_validate(
        {
            "id": job.id,
            "status": status,
            "stage": stage,
            "hint": job.hint,
            "image_key": job.image_key,
            "thumbnail_key": job.thumbnail_key,
            "created_at": job.created_at,
            "updated_at": job.updated_at,
            "finished_at": job.finished_at,
            "result": job.result,
            "reward": job.reward,
            "error": job.error,
        }
    )


def check_choice(kb: KnowledgeBase, choice: ScanConfirm) -> None:
    """The pick must name a known item, category, or a category the item can go to."""
    if choice.item is not None:
        if not kb.has_item(choice.item):
            raise UnknownChoice(f"unknown item {choice.item!r}")
        item = kb.item(choice.item)
        allowed = {item.category, *(c.category for c in item.conditions)}
        if choice.category is not None and choice.category not in allowed:
            raise UnknownChoice(f"{choice.item!r} never goes to {choice.category!r}")
    elif choice.category is not None and not kb.has_category(choice.category):
        raise UnknownChoice(f"unknown category {choice.category!r}")


async def confirm(
    session: AsyncSession, kb: KnowledgeBase, user_id: str, scan_id: str, choice: ScanConfirm
) -> ScanJob:
    """Take the person's pick; the pipeline completes from the rule stage."""
    job = await ScanRepository(session).locked(scan_id)
    if job is None or job.user_id != user_id:
        raise ScanNotFound()
    check_choice(kb, choice)
    if job.status != ScanStatus.needs_confirmation:
        raise NotAwaitingConfirmation(f"the scan is {job.status}, not needs_confirmation")
    job.round += 1
    job.status, job.stage, job.error = ScanStatus.queued, ScanStage.rule, None
    job.finished_at = None
    publish(
        session,
        ScanConfirmed(
            scan_id=job.id,
            user_id=user_id,
            item=choice.item,
            category=choice.category,
            round=job.round,
        ),
    )
    await session.flush()
    return job


def _summary(job: ScanJob) -> ScanSummary:
    result: dict[str, Any] = job.result or {}
    return ScanSummary.model_validate(
        {
            "id": job.id,
            "status": job.status,
            "created_at": job.created_at,
            "hint": job.hint,
            "thumbnail_key": job.thumbnail_key,
            "category": result.get("category"),
            "item": result.get("item"),
            "reward": job.reward,
        }
    )


async def export(session: AsyncSession, cache: Cache, user_id: str) -> ScanExport:
    """Every scan of the caller with its result, newest first (for their data export)."""
    jobs = await ScanRepository(session).all_of(user_id)
    return ScanExport(items=[await view(job, cache) for job in jobs])


async def history(
    session: AsyncSession, user_id: str, limit: int, cursor: str | None
) -> Page[ScanSummary]:
    """The caller's scans, newest first, one page at a time."""
    before = decode_time_cursor(cursor)
    rows = await ScanRepository(session).history(user_id, limit + 1, before)
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = page[-1]
        next_cursor = encode_cursor(last.created_at.isoformat(), last.id)
    return Page[ScanSummary](items=[_summary(j) for j in page], next_cursor=next_cursor)


async def apply_finished(
    session: AsyncSession, event: ScanFinished, dumped: dict[str, Any] | None = None
) -> FinishedRound | None:
    """Record a round's final status; returns the round when it should be announced.

    One UPDATE while the round runs (the usual case), the handler's last write (with the
    message's inbox row); a redelivery after it was recorded reads the row, and is
    announced again only when it says the same. `dumped`: the event's own JSON dump (the
    payload of a message published in this process), whose result and error are written
    as they are instead of being dumped again.
    """
    scans = ScanRepository(session)
    if dumped is not None:
        result, error = dumped["result"], dumped["error"]
    else:
        result = event.result.model_dump(mode="json") if event.result is not None else None
        error = event.error.model_dump(mode="json") if event.error is not None else None
    values: dict[str, Any] = {
        "status": event.status,
        "stage": event.stage or None,  # none given: the stage it reached stays
        "result": result,
        "error": error,
        "finished_at": utcnow(),
    }
    finished = await scans.finish(event.scan_id, event.user_id, event.round, values)
    if finished is not None:
        return finished
    job = await scans.locked(event.scan_id)
    if job is None or job.user_id != event.user_id or event.round != job.round:
        return None
    if job.status in FINAL_STATUSES and job.status == event.status:
        return FinishedRound.of(job)
    return None


async def apply_reward(session: AsyncSession, event: CharacterGranted) -> ScanJob | None:
    """Attach what the character service granted to the scan it was for (None: no such scan)."""
    if event.scan_id is None:
        return None
    job = await ScanRepository(session).locked(event.scan_id)
    if job is None or job.user_id != event.user_id:
        return None
    previous = RewardOut.model_validate(job.reward or {})
    job.reward = RewardOut(
        code=event.code or previous.code,
        points=previous.points + event.points,
        category=event.category or previous.category,
    ).model_dump(mode="json")
    await session.flush()
    return job


async def erase_user(session: AsyncSession, storage: ObjectStorage, user_id: str) -> int:
    """Delete a person's scans and every object they uploaded."""
    count = await ScanRepository(session).erase_user(user_id)
    await storage.delete_prefix(user_prefix(user_id))
    return count
