"""Storing an accepted upload: derivatives under the owner's prefix, the original never kept."""

from __future__ import annotations

import asyncio
from typing import Any

from ecoeco.contracts import names
from ecoeco.contracts.uploads import StoredImageOut
from ecoeco.core.cpu import run_cpu
from ecoeco.core.db import new_id
from ecoeco.core.errors import BadRequest, NotFound, ServiceUnavailable
from ecoeco.core.ratelimit import Limit, RateLimiter
from ecoeco.core.storage import ObjectStorage, PresignedUpload
from ecoeco.workers.storage.images import ImageTooLarge, IntakeLimits, process

ACCEPTED_TYPES = ("image/jpeg", "image/png", "image/webp")


class ImageIntake:
    """Validates uploads and writes their metadata-free derivatives."""

    def __init__(
        self,
        storage: ObjectStorage,
        limits: IntakeLimits | None = None,
        *,
        concurrent_decodes: int = 2,
        decode_wait_seconds: float = 30.0,
        limiter: RateLimiter | None = None,
        per_user: tuple[Limit, ...] = (),
    ) -> None:
        self.storage = storage
        self.limits = limits or IntakeLimits()
        self.limiter = limiter
        self.per_user = per_user
        # Each decode may hold `max_decode_bytes`; at most this many run at once per process.
        self._decodes = asyncio.Semaphore(concurrent_decodes)
        self.decode_wait_seconds = decode_wait_seconds

    @property
    def max_bytes(self) -> int:
        """The largest upload accepted."""
        return self.limits.max_bytes

    async def admit(self, user_id: str) -> None:
        """Count one upload against the person's limits; 429 when they are spent."""
        if self.limiter is not None:
            await self.limiter.hit_all(self.per_user, user_id)

    async def forget(self, user_id: str) -> None:
        """Drop an erased person's upload counters."""
        if self.limiter is not None:
            await self.limiter.forget(self.per_user, user_id)

    async def accept(self, user_id: str, data: bytes, declared: str | None) -> StoredImageOut:
        """Count, validate and store bytes sent through the API."""
        await self.admit(user_id)
        return await self._store(user_id, data, declared)

    async def _store(
        self, user_id: str, data: bytes, declared: str | None, image_id: str | None = None
    ) -> StoredImageOut:
        """Validate bytes and store their derivatives."""
        try:
            await asyncio.wait_for(self._decodes.acquire(), self.decode_wait_seconds)
        except TimeoutError:
            raise ServiceUnavailable("too many images are being processed; retry shortly") from None
        try:
            derived = await run_cpu("image", process, data, declared, self.limits)
        finally:
            self._decodes.release()
        image = image_id or new_id()
        normalized = names.normalized_key(user_id, image)
        thumbnail = names.thumbnail_key(user_id, image)
        await self.storage.put(normalized, derived.normalized, derived.content_type)
        await self.storage.put(thumbnail, derived.thumbnail, derived.content_type)
        return StoredImageOut(
            image_key=normalized,
            thumbnail_key=thumbnail,
            width=derived.width,
            height=derived.height,
            format=derived.format,
        )

    async def presign(self, user_id: str, content_type: str) -> dict[str, Any] | None:
        """A direct-upload slot, or None when the storage cannot presign (local files)."""
        if content_type not in ACCEPTED_TYPES:
            raise BadRequest(f"content_type must be one of {', '.join(ACCEPTED_TYPES)}")
        upload_id = new_id()
        slot: PresignedUpload | None = await self.storage.presign_put(
            names.upload_key(user_id, upload_id), content_type, 900
        )
        if slot is None:
            return None
        await self.admit(user_id)
        return {
            "upload_id": upload_id,
            "key": names.upload_key(user_id, upload_id),
            "url": slot.url,
            "method": "PUT",
            "headers": slot.headers,
            "expires_in": slot.expires_in,
        }

    async def complete(self, user_id: str, upload_id: str) -> StoredImageOut:
        """Process an object that a client PUT directly; the original is deleted either way."""
        if not names.UPLOAD_ID.match(upload_id):
            raise NotFound("upload not found")
        key = names.upload_key(user_id, upload_id)
        data = await self.storage.get(key)
        try:
            if len(data) > self.limits.max_bytes:
                raise ImageTooLarge(f"images may be at most {self.limits.max_bytes} bytes")
            return await self._store(user_id, data, None, image_id=upload_id)
        finally:
            await self.storage.delete(key)
