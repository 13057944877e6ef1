"""Upload endpoints the storage worker serves: direct bytes or a presigned PUT slot."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from ecoeco.contracts.uploads import StoredImageOut
from ecoeco.core.deps import CurrentUser
from ecoeco.core.errors import BadRequest, ValidationFailed
from ecoeco.core.openapi import errors
from ecoeco.core.paths import api_path
from ecoeco.workers.storage.images import ImageTooLarge
from ecoeco.workers.storage.runtime import StorageDep

router = APIRouter(prefix="/scan/uploads", tags=["scan"])


class UploadSlotRequest(BaseModel):
    """Ask for a direct-upload slot."""

    content_type: str = Field(min_length=1, max_length=100)


async def read_upload(file: UploadFile, max_bytes: int) -> bytes:
    """Read a multipart file, refusing it as soon as it passes the size limit."""
    data = await file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageTooLarge(f"images may be at most {max_bytes // (1024 * 1024)} MB")
    return data


async def form_file(request: Request, field: str) -> tuple[UploadFile, dict[str, str]]:
    """The named file part of a multipart body, and its other text fields."""
    try:
        form = await request.form(max_files=1, max_fields=10, max_part_size=64 * 1024)
    except Exception as exc:  # multipart parser errors carry no stable type
        raise BadRequest(f"malformed multipart body: {exc}") from None
    part = form.get(field)
    if not isinstance(part, UploadFile):
        raise ValidationFailed(f"multipart field '{field}' with the image is required")
    texts = {k: v for k, v in form.items() if isinstance(v, str)}
    return part, texts


@router.post("", status_code=201, responses=errors(400, 413, 415, 422))
async def create_upload(
    request: Request, principal: CurrentUser, storage: StorageDep
) -> dict[str, Any]:
    """Upload an image (multipart `file`), or ask for a presigned PUT (JSON `content_type`)."""
    intake = storage.intake
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        part, _ = await form_file(request, "file")
        data = await read_upload(part, intake.limits.max_bytes)
        stored = await intake.accept(principal.user_id, data, part.content_type)
        return stored.model_dump()
    try:
        body = UploadSlotRequest.model_validate_json(await request.body())
    except ValidationError as exc:
        raise ValidationFailed(f"send multipart `file`, or JSON {{content_type}}: {exc}") from None
    slot = await intake.presign(principal.user_id, body.content_type)
    if slot is None:
        raise BadRequest("this server takes uploads directly: send the image as multipart `file`")
    slot["complete_url"] = api_path(f"/scan/uploads/{slot['upload_id']}/complete")
    return slot


@router.post("/{upload_id}/complete", response_model=StoredImageOut, responses=errors(413, 415))
async def complete_upload(
    upload_id: str, principal: CurrentUser, storage: StorageDep
) -> StoredImageOut:
    """Validate an image PUT to its presigned slot; the original is deleted either way."""
    stored = await storage.intake.complete(principal.user_id, upload_id)
    return stored
