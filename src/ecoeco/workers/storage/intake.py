"""Storing an accepted upload: derivatives under the owner's prefix, the original never kept."""

from __future__ import annotations

import asyncio
import re
from dataclasses import asdict, dataclass
from typing import Any

from ecoeco.core.db import new_id
from ecoeco.core.errors import BadRequest, NotFound
from ecoeco.core.storage import ObjectStorage, PresignedUpload
from ecoeco.workers.storage.images import ImageTooLarge, IntakeLimits, process

UPLOAD_ID = re.compile(r"^[0-9a-z]{26}$")
ACCEPTED_TYPES = ("image/jpeg", "image/png", "image/webp")


def user_prefix(user_id: str) -> str:
    """Every object of one person lives under this prefix (deleted with the account)."""
    return f"users/{user_id}/"


def image_base(user_id: str, image_id: str) -> str:
    """Where the derivatives of one image live."""
    return f"{user_prefix(user_id)}images/{image_id}"


def original_key(user_id: str, upload_id: str) -> str:
    """Where a presigned upload lands before the worker processes it."""
    return f"{user_prefix(user_id)}uploads/{upload_id}"


@dataclass(frozen=True)
class StoredImage:
    """An accepted image: the key the model reads and the thumbnail's key."""

    image_key: str
    thumbnail_key: str
    width: int
    height: int
    format: str

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what other services receive through `container.extras`)."""
        return asdict(self)


class ImageIntake:
    """Validates uploads and writes their metadata-free derivatives."""

    def __init__(self, storage: ObjectStorage, limits: IntakeLimits | None = None) -> None:
        self.storage = storage
        self.limits = limits or IntakeLimits()

    @property
    def max_bytes(self) -> int:
        """The largest upload accepted."""
        return self.limits.max_bytes

    async def accept(
        self, user_id: str, data: bytes, declared: str | None, image_id: str | None = None
    ) -> StoredImage:
        """Validate bytes sent through the API and store their derivatives."""
        derived = await asyncio.to_thread(process, data, declared, self.limits)
        base = image_base(user_id, image_id or new_id())
        normalized, thumbnail = f"{base}/normalized.jpg", f"{base}/thumb.jpg"
        await self.storage.put(normalized, derived.normalized, derived.content_type)
        await self.storage.put(thumbnail, derived.thumbnail, derived.content_type)
        return StoredImage(normalized, thumbnail, derived.width, derived.height, derived.format)

    async def accept_dict(self, user_id: str, data: bytes, declared: str | None) -> dict[str, Any]:
        """`accept`, answered as a plain dict (the form the scan service uses)."""
        return (await self.accept(user_id, data, declared)).as_dict()

    async def presign(self, user_id: str, content_type: str) -> dict[str, Any] | None:
        """A direct-upload slot, or None when the storage cannot presign (local files)."""
        if content_type not in ACCEPTED_TYPES:
            raise BadRequest(f"content_type must be one of {', '.join(ACCEPTED_TYPES)}")
        upload_id = new_id()
        slot: PresignedUpload | None = await self.storage.presign_put(
            original_key(user_id, upload_id), content_type, 900
        )
        if slot is None:
            return None
        return {
            "upload_id": upload_id,
            "key": original_key(user_id, upload_id),
            "url": slot.url,
            "method": "PUT",
            "headers": slot.headers,
            "expires_in": slot.expires_in,
        }

    async def complete(self, user_id: str, upload_id: str) -> StoredImage:
        """Process an object that a client PUT directly; the original is deleted either way."""
        if not UPLOAD_ID.match(upload_id):
            raise NotFound("upload not found")
        key = original_key(user_id, upload_id)
        data = await self.storage.get(key)
        try:
            if len(data) > self.limits.max_bytes:
                raise ImageTooLarge(f"images may be at most {self.limits.max_bytes} bytes")
            return await self.accept(user_id, data, None, image_id=upload_id)
        finally:
            await self.storage.delete(key)
