"""Names more than one service uses: hub streams, cache keys and the object-key layout."""

from __future__ import annotations

import re
from dataclasses import dataclass

# -- hub streams ---------------------------------------------------------------------------


def scan_stream(scan_id: str) -> str:
    """The hub stream a scan's progress events go to (the ai worker writes, scan serves SSE)."""
    return f"scan:{scan_id}"


# -- cache keys ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ScanProgress:
    """Where the ai worker is in a scan: the round and the stage it entered last.

    Kept in the cache under `key(scan_id)` while the worker runs, so `GET /scan/{id}`
    can say `running` and the stage before the final status is stored.
    """

    round: int
    stage: str

    @staticmethod
    def key(scan_id: str) -> str:
        """The cache key of one scan's progress."""
        return f"scan:progress:{scan_id}"

    def encode(self) -> bytes:
        """The cached value."""
        return f"{self.round}:{self.stage}".encode()

    @classmethod
    def decode(cls, raw: bytes) -> ScanProgress | None:
        """The progress a cached value holds; None for anything unreadable."""
        round_, _, stage = raw.decode(errors="replace").partition(":")
        if not round_.isdigit() or not stage:
            return None
        return cls(int(round_), stage)


# -- object keys ---------------------------------------------------------------------------

NORMALIZED = "normalized.jpg"
THUMBNAIL = "thumb.jpg"
_OBJECT_ID = "[0-9a-z]{26}"
_IMAGE_BASE = rf"^users/(?P<user>[^/]+)/images/(?P<image>{_OBJECT_ID})/"
_IMAGE_KEY = re.compile(rf"{_IMAGE_BASE}{re.escape(NORMALIZED)}$")
_THUMBNAIL_KEY = re.compile(rf"{_IMAGE_BASE}{re.escape(THUMBNAIL)}$")
UPLOAD_ID = re.compile(rf"^{_OBJECT_ID}$")


def user_prefix(user_id: str) -> str:
    """Every stored object of one person lives under this prefix (erased with the account)."""
    return f"users/{user_id}/"


def image_base(user_id: str, image_id: str) -> str:
    """Where the derivatives of one accepted image live."""
    return f"{user_prefix(user_id)}images/{image_id}"


def normalized_key(user_id: str, image_id: str) -> str:
    """The metadata-free copy the model reads; what `POST /scan` takes as `image_key`."""
    return f"{image_base(user_id, image_id)}/{NORMALIZED}"


def thumbnail_key(user_id: str, image_id: str) -> str:
    """The small copy shown in lists."""
    return f"{image_base(user_id, image_id)}/{THUMBNAIL}"


def upload_key(user_id: str, upload_id: str) -> str:
    """Where a presigned upload lands before it is validated (deleted either way)."""
    return f"{user_prefix(user_id)}uploads/{upload_id}"


@dataclass(frozen=True)
class ImageKey:
    """A parsed `image_key`: whose image it is and its id."""

    user_id: str
    image_id: str

    @classmethod
    def parse(cls, key: str) -> ImageKey | None:
        """The owner and id of a normalized-image key; None for any other key."""
        match = _IMAGE_KEY.match(key)
        return cls(match["user"], match["image"]) if match else None

    @classmethod
    def of_thumbnail(cls, key: str) -> ImageKey | None:
        """The owner and id of the image a thumbnail key belongs to; None for any other key."""
        match = _THUMBNAIL_KEY.match(key)
        return cls(match["user"], match["image"]) if match else None

    @property
    def thumbnail(self) -> str:
        """The key of this image's thumbnail."""
        return thumbnail_key(self.user_id, self.image_id)
