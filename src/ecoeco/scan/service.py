"""Logic of the scan service: jobs, their results and the person's history."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.core.bus import publish
from ecoeco.core.cache import Cache
from ecoeco.core.contracts import CharacterGranted, ScanConfirmed, ScanFinished, ScanRequested
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
from ecoeco.scan.repository import ScanRepository
from ecoeco.scan.schemas import (
    FINAL_STATUSES,
    ScanConfirm,
    ScanCreate,
    ScanOut,
    ScanSummary,
)

IMAGE_KEY = re.compile(r"^users/(?P<user>[^/]+)/images/(?P<image>[0-9a-z]{26})/normalized\.jpg$")


def stream_of(scan_id: str) -> str:
    """The hub stream a scan's progress events go to."""
    return f"scan:{scan_id}"


def progress_key(scan_id: str) -> str:
    """The cache key where the ai worker leaves `round:stage` while it works."""
    return f"scan:progress:{scan_id}"


def user_prefix(user_id: str) -> str:
    """Every stored object of one person lives under this prefix."""
    return f"users/{user_id}/"


async def check_image(storage: ObjectStorage, user_id: str, image_key: str) -> str:
    """The thumbnail key of the caller's accepted image; 422 for anything else."""
    match = IMAGE_KEY.match(image_key)
    if match is None or match["user"] != user_id or not await storage.exists(image_key):
        raise ImageNotFound("image_key names no image you uploaded")
    return image_key.removesuffix("normalized.jpg") + "thumb.jpg"


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
    """Queue a scan (job row and its outbox message in one transaction), or replay one."""
    scans = ScanRepository(session)
    if idempotency_key is not None:
        existing = await replay(session, user_id, idempotency_key)
        if existing is not None:
            return existing
    thumbnail = await check_image(storage, user_id, body.image_key) if body.image_key else None
    job = ScanJob(
        id=new_id(),
        user_id=user_id,
        idempotency_key=idempotency_key,
        status="queued",
        round=1,
        image_key=body.image_key,
        thumbnail_key=thumbnail,
        hint=body.hint,
    )
    try:
        async with session.begin_nested():
            session.add(job)
    except IntegrityError:
        if idempotency_key is not None:
            existing = await scans.by_idempotency_key(user_id, idempotency_key)
            if existing is not None:
                return existing
        raise
    publish(
        session,
        ScanRequested(scan_id=job.id, user_id=user_id, image_key=job.image_key, hint=job.hint),
    )
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
    if status == "queued":
        raw = await cache.get(progress_key(job.id))
        if raw is not None:
            round_, _, current = raw.decode().partition(":")
            if round_ == str(job.round):
                status, stage = "running", current
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
    check_choice(kb, choice)
    job = await ScanRepository(session).locked(scan_id)
    if job is None or job.user_id != user_id:
        raise ScanNotFound()
    if job.status != "needs_confirmation":
        raise NotAwaitingConfirmation(f"the scan is {job.status}, not needs_confirmation")
    job.round += 1
    job.status, job.stage, job.error = "queued", "rule", None
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


async def apply_finished(session: AsyncSession, event: ScanFinished) -> ScanJob | None:
    """Record a round's final status; returns the job when it should be announced."""
    job = await ScanRepository(session).locked(event.scan_id)
    if job is None or job.user_id != event.user_id or event.round != job.round:
        return None
    if job.status in FINAL_STATUSES:
        return job if job.status == event.status else None
    job.status, job.stage = event.status, event.stage or job.stage
    job.result, job.error = event.result, event.error
    job.finished_at = utcnow()
    await session.flush()
    return job


async def apply_reward(session: AsyncSession, event: CharacterGranted) -> None:
    """Attach what the character service granted to the scan it was for."""
    if event.scan_id is None:
        return
    job = await ScanRepository(session).locked(event.scan_id)
    if job is None or job.user_id != event.user_id:
        return
    previous: dict[str, Any] = job.reward or {}
    job.reward = {
        "code": event.code or previous.get("code"),
        "points": int(previous.get("points", 0)) + event.points,
        "category": event.category or previous.get("category"),
    }
    await session.flush()


async def erase_user(session: AsyncSession, storage: ObjectStorage, user_id: str) -> int:
    """Delete a person's scans and every object they uploaded."""
    count = await ScanRepository(session).erase_user(user_id)
    await storage.delete_prefix(user_prefix(user_id))
    return count
