"""HTTP endpoints of the scan service."""

from __future__ import annotations

from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Header, Query, Request
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.responses import JSONResponse, StreamingResponse

from ecoeco.core.container import Container
from ecoeco.core.deps import ContainerDep, CurrentUser, SessionDep
from ecoeco.core.errors import BadRequest, PayloadTooLarge, ValidationFailed
from ecoeco.core.pagination import Page
from ecoeco.core.schemas import ServiceStatus
from ecoeco.knowledge import load_knowledge
from ecoeco.scan import service
from ecoeco.scan.errors import UploadsNotHere
from ecoeco.scan.events import scan_events
from ecoeco.scan.schemas import (
    CategoryOut,
    ScanAccepted,
    ScanConfirm,
    ScanCreate,
    ScanOut,
    ScanSummary,
)
from ecoeco.scan.settings import ScanSettings

router = APIRouter(prefix="/scan", tags=["scan"])
SETTINGS = "scan.settings"
INTAKE = "storage.intake"  # registered by the storage worker module when it runs here

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
                        "hint": {"type": "string", "maxLength": 200},
                    },
                }
            },
        },
    }
}


class ImageIntake(Protocol):
    """What the storage worker offers a process that hosts it (embedded mode)."""

    max_bytes: int

    async def accept_dict(
        self, user_id: str, data: bytes, declared: str | None
    ) -> dict[str, Any]: ...


def settings_of(container: Container) -> ScanSettings:
    """The scan settings, read once per process."""
    found = container.extras.get(SETTINGS)
    if not isinstance(found, ScanSettings):
        found = container.extras[SETTINGS] = ScanSettings()
    return found


async def _multipart(request: Request, container: Container, user_id: str) -> ScanCreate:
    intake: ImageIntake | None = container.extras.get(INTAKE)
    if intake is None:
        raise UploadsNotHere("upload the image to /api/v1/scan/uploads, then send image_key")
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
        stored = await intake.accept_dict(user_id, data, part.content_type)
        image_key = str(stored["image_key"])
    return _validated({"image_key": image_key, "hint": hint or None})


def _validated(raw: Any) -> ScanCreate:
    try:
        return ScanCreate.model_validate(raw)
    except ValidationError as exc:
        message = "; ".join(e["msg"] for e in exc.errors()[:5])
        raise ValidationFailed(message or "invalid scan request") from None


@router.get("/health", response_model=ServiceStatus)
async def health() -> ServiceStatus:
    """The scan service answers."""
    return ServiceStatus(service="scan", version=ScanSettings.schema_version)


@router.post("", status_code=202, response_model=ScanAccepted, openapi_extra=_CREATE_BODY)
async def create_scan(
    request: Request,
    principal: CurrentUser,
    session: SessionDep,
    container: ContainerDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Start a scan from an uploaded image and/or a typed hint (202 with the job)."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        if idempotency_key is not None:
            existing = await service.replay(session, principal.user_id, idempotency_key)
            if existing is not None:
                return _accepted(existing.id, existing.status)
        body = await _multipart(request, container, principal.user_id)
    else:
        try:
            raw = await request.json()
        except ValueError:
            raise ValidationFailed("the body must be JSON or multipart/form-data") from None
        body = _validated(raw)
    job = await service.start_scan(
        session, container.storage, principal.user_id, body, idempotency_key
    )
    return _accepted(job.id, job.status)


def _accepted(scan_id: str, status: str) -> JSONResponse:
    view = ScanAccepted.model_validate(
        {
            "id": scan_id,
            "status": status,
            "events_url": f"/api/v1/scan/{scan_id}/events",
            "result_url": f"/api/v1/scan/{scan_id}",
        }
    )
    return JSONResponse(view.model_dump(), status_code=202)


@router.get("", response_model=Page[ScanSummary])
async def scan_history(
    principal: CurrentUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Page[ScanSummary]:
    """The caller's scans, newest first (cursor-paginated)."""
    return await service.history(session, principal.user_id, limit, cursor)


@router.get("/categories", response_model=list[CategoryOut])
async def categories() -> list[CategoryOut]:
    """Every disposal category a scan can end in."""
    return [
        CategoryOut(
            slug=c.slug,
            name_ko=c.name_ko,
            name_en=c.name_en,
            parent=c.parent,
            recyclable=c.recyclable,
        )
        for c in load_knowledge().categories
    ]


@router.get("/{scan_id}", response_model=ScanOut)
async def get_scan(
    scan_id: str, principal: CurrentUser, session: SessionDep, container: ContainerDep
) -> ScanOut:
    """One of the caller's scans: status, stage, and the result once final."""
    job = await service.find(session, principal.user_id, scan_id)
    return await service.view(job, container.cache)


@router.get(
    "/{scan_id}/events",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
async def scan_progress(
    scan_id: str,
    principal: CurrentUser,
    session: SessionDep,
    container: ContainerDep,
    last_event_id: LastEventId = None,
) -> StreamingResponse:
    """Server-sent events, one per stage; resumable with Last-Event-ID, closed when final."""
    job = await service.find(session, principal.user_id, scan_id)
    settings = settings_of(container)
    return scan_events(
        container.hub,
        job,
        last_event_id,
        service=container.label,
        heartbeat=settings.sse_heartbeat_seconds,
        replay_seconds=settings.final_replay_seconds,
    )


@router.post("/{scan_id}/confirm", status_code=202, response_model=ScanAccepted)
async def confirm_scan(
    scan_id: str, body: ScanConfirm, principal: CurrentUser, session: SessionDep
) -> JSONResponse:
    """Pick a candidate (item or category); the pipeline completes from the rule stage."""
    job = await service.confirm(session, load_knowledge(), principal.user_id, scan_id, body)
    return _accepted(job.id, job.status)
