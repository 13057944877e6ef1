"""Uploads: the storage worker validates images; what it answers and what it offers.

In the distributed mode the gateway routes `/api/v1/scan/uploads*` to the storage
worker (the routing table). When the storage worker runs in the same process as the
scan service (embedded), the composition root also hands scan its `ImageIntake`, so
`POST /scan` can take the image as multipart without scan importing the worker.
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel


class StoredImageOut(BaseModel):
    """An accepted image: pass `image_key` to `POST /scan`."""

    image_key: str
    thumbnail_key: str
    width: int
    height: int
    format: str


class ImageIntake(Protocol):
    """Validates image bytes and stores their metadata-free derivatives."""

    @property
    def max_bytes(self) -> int:
        """The largest upload accepted."""
        ...

    async def accept(self, user_id: str, data: bytes, declared: str | None) -> StoredImageOut:
        """Validate and store one image of `user_id` (size, rate and decode limits apply)."""
        ...
