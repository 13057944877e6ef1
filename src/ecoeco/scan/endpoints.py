"""HTTP endpoints of the scan service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import UploadFile
from starlette.responses import StreamingResponse

from ecoeco.core.container import hosted
from ecoeco.core.deps import CurrentUser, SessionDep, request_session
from ecoeco.core.errors import BadRequest, PayloadTooLarge, ValidationFailed
from ecoeco.core.openapi import errors, event_stream
from ecoeco.core.pagination import Page
from ecoeco.core.paths import api_path
from ecoeco.core.responses import EventStream, JsonResponse
from ecoeco.core.security.tokens import Principal
from ecoeco.scan import service
from ecoeco.scan.errors import UploadsNotHere
from ecoeco.scan.events import scan_events
from ecoeco.scan.runtime import ScanDep, ScanRuntime
from ecoeco.scan.schemas import (
    SCAN_EVENTS,
    CategoryOut,
    ScanAccepted,
    ScanConfirm,
    ScanCreate,
    ScanExport,
    ScanOut,
    ScanSummary,
)

router = APIRouter(prefix="/scan", tags=["scan"])

IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)]
LastEventId = Annotated[str | None, Header(alias="Last-Event-ID", max_length=64)]

_CREATE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ScanCreate.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "image": {"type": "string", "format": "binary"},
                        "hint": {"type": "string", "maxLength": 200, "pattern": r"\S"},
                    },
                }
            },
        },
    }
}


async def _multipart(request: Request, scan: ScanRuntime, user_id: str) -> ScanCreate:
    intake = scan.intake
    if intake is None:
        raise UploadsNotHere(
            f"upload the image to {api_path('/scan/uploads')}, then send image_key"
        )
    try:
        form = await request.form(max_files=1, max_fields=10, max_part_size=64 * 1024)
    except Exception as exc:  # the multipart parser raises several unrelated types
        raise BadRequest(f"malformed multipart body: {exc}") from None
    part, hint = form.get("image"), form.get("hint")
    if hint is not None and not isinstance(hint, str):
        raise ValidationFailed("hint must be text")
    image_key = None
    if isinstance(part, UploadFile):
        data = await part.read(intake.max_bytes + 1)
        if len(data) > intake.max_bytes:
            raise PayloadTooLarge(f"images may be at most {intake.max_bytes} bytes")
        image_key = (await intake.accept(user_id, data, part.content_type)).image_key
    return _validated({"image_key": image_key, "hint": hint or None})


def _validated(raw: Any) -> ScanCreate:
    try:
        return ScanCreate.model_validate(raw)
    except ValidationError as exc:
        message = "; ".join(e["msg"] for e in exc.errors()[:5])
        raise ValidationFailed(message or "invalid scan request") from None


@router.post(
    "",
    status_code=202,
    response_model=ScanAccepted,
    openapi_extra=_CREATE_BODY,
    responses=errors(400, 413, 415),
)
async def create_scan(
    request: Request,
    principal: CurrentUser,
    idempotency_key: IdempotencyKey = None,
) -> JsonResponse:
    """Start a scan from an uploaded image and/or a typed hint (202 with the job)."""
    # The session and the runtime are taken here, not as dependencies (see `_runtime`).
    async with request_session(request) as session:
        return await _create(request, principal, session, _runtime(request), idempotency_key)


def _runtime(request: Request) -> ScanRuntime:
    """What `ScanDep` gives; read here by the endpoints every scan calls, for each
    dependency costs FastAPI's solver CPU on the event loop per request."""
    return hosted(request, ScanRuntime)


async def _create(
    request: Request,
    principal: Principal,
    session: AsyncSession,
    scan: ScanRuntime,
    idempotency_key: str | None,
) -> JsonResponse:
    if idempotency_key is not None:
        existing = await service.replay(session, principal.user_id, idempotency_key)
        if existing is not None:
            return _accepted(existing.id, existing.status)
    # Before the person's limit counts it, and before any work on the image.
    await scan.backlog.admit(session)
    await scan.limiter.hit_all(scan.settings.scan_limits(), principal.user_id)
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        body = await _multipart(request, scan, principal.user_id)
    else:
        try:
            raw = await request.json()
        except ValueError:
            raise ValidationFailed("the body must be JSON or multipart/form-data") from None
        body = _validated(raw)
    job = await service.start_scan(session, scan.storage, principal.user_id, body, idempotency_key)
    scan.backlog.accepted()
    return _accepted(job.id, job.status)


def _accepted(scan_id: str, status: str) -> JsonResponse:
    view = ScanAccepted.model_validate(
        {
            "id": scan_id,
            "status": status,
            "events_url": api_path(f"/scan/{scan_id}/events"),
            "result_url": api_path(f"/scan/{scan_id}"),
        }
    )
    return JsonResponse(view.model_dump(), status_code=202)


@router.get("", response_model=Page[ScanSummary])
async def scan_history(
    principal: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[ScanSummary]:
    """The caller's scans, newest first (cursor-paginated)."""
    return await service.history(session, principal.user_id, limit, cursor)


@router.get("/me/export", response_model=ScanExport)
async def export_my_scans(principal: CurrentUser, session: SessionDep, scan: ScanDep) -> ScanExport:
    """Every scan of the caller with its result, newest first (part of their data export)."""
    return await service.export(session, scan.cache, principal.user_id)


@router.get("/categories", response_model=list[CategoryOut])
async def categories(scan: ScanDep) -> list[CategoryOut]:
    """Every disposal category a scan can end in."""
    return [
        CategoryOut(
            slug=c.slug,
            name_ko=c.name_ko,
            name_en=c.name_en,
            parent=c.parent,
            recyclable=c.recyclable,
        )
        for c in scan.kb.categories
    ]


@router.get("/{scan_id}", response_model=ScanOut)
async def get_scan(
    scan_id: str, principal: CurrentUser, session: SessionDep, scan: ScanDep
) -> ScanOut:
    """One of the caller's scans: status, stage, and the result once final."""
    job = await service.find(session, principal.user_id, scan_id)
    return await service.view(job, scan.cache)


@router.get(
    "/{scan_id}/events",
    response_class=StreamingResponse,
    responses=event_stream(
        "One event per stage, then the final one; resume with `Last-Event-ID`", SCAN_EVENTS
    ),
)
async def scan_progress(
    request: Request,
    scan_id: str,
    principal: CurrentUser,
    last_event_id: LastEventId = None,
) -> StreamingResponse:
    """Server-sent events, one per stage; resumable with Last-Event-ID, closed when final."""
    scan = _runtime(request)
    async with request_session(request) as session:
        job = await service.find(session, principal.user_id, scan_id)
    stream = scan_events(
        scan.hub,
        job,
        last_event_id,
        service=scan.label,
        heartbeat=scan.settings.sse_heartbeat_seconds,
        replay_seconds=scan.settings.final_replay_seconds,
    )
    # Sent without a task group per stream, still ended as soon as the client leaves.
    return EventStream.taking_over(stream)


@router.post(
    "/{scan_id}/confirm", status_code=202, response_model=ScanAccepted, responses=errors(409)
)
async def confirm_scan(
    scan_id: str, body: ScanConfirm, principal: CurrentUser, session: SessionDep, scan: ScanDep
) -> JsonResponse:
    """Pick a candidate (item or category); the pipeline completes from the rule stage."""
    job = await service.confirm(session, scan.kb, principal.user_id, scan_id, body)
    return _accepted(job.id, job.status)
