"""Image intake: sniff, bound, decode, orient and strip an upload; make its derivatives.

Pure and blocking (call it in a thread): the API calls it for direct uploads and
the storage worker for objects that landed in S3. Every refusal is an
`ImageRejected` carrying the HTTP status and a stable code; nothing else escapes.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass

from PIL import Image

from ecoeco.workers.storage.decode import decode, upright_size
from ecoeco.workers.storage.errors import (
    ImageCorrupt,
    ImageEmpty,
    ImagePolyglot,
    ImageRejected,
    ImageTooLarge,
    ImageTooLargeToDecode,
    ImageTooManyPixels,
    ImageTypeMismatch,
    ImageUnsupported,
)

# Our own limit runs first; Pillow's bomb guard is the backstop for any other caller.
Image.MAX_IMAGE_PIXELS = 50_000_000

MIME = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
# Long enough that compressed pixel data never matches by chance (searched lower-cased).
ACTIVE_CONTENT = (b"<script", b"<?php", b"<html", b"<!doctype html", b"<iframe", b"javascript:")
TRAILER_STARTS = (b"MZ", b"#!", b"\x7fELF", b"Rar!", b"7z\xbc\xaf", b"<")
TRAILER_ANYWHERE = (b"PK\x03\x04", b"%PDF-")


@dataclass(frozen=True)
class IntakeLimits:
    """What an upload may be."""

    max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    normalized_side: int = 512
    thumbnail_side: int = 160
    max_decode_bytes: int = 64 * 1024 * 1024


@dataclass(frozen=True)
class Derivatives:
    """What we store for one upload: the model's copy and a thumbnail, both metadata-free."""

    format: str
    width: int
    height: int
    normalized: bytes
    thumbnail: bytes
    content_type: str = "image/jpeg"


def sniff(data: bytes) -> str | None:
    """The format the magic bytes say, or None."""
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _jpeg_end(data: bytes) -> int | None:
    """Offset just past the EOI marker, walking segments and entropy-coded scans."""
    pos, size = 2, len(data)
    while pos + 2 <= size:
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker == 0xD9:
            return pos + 2
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            pos += 2
            continue
        if pos + 4 > size:
            return None
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        pos += 2 + length
        if marker == 0xDA:
            found = _scan_end(data, pos)
            if found is None:
                return None
            pos = found
    return None


def _scan_end(data: bytes, pos: int) -> int | None:
    """The next real marker after entropy-coded data (FF00 and RSTn are part of the data)."""
    while True:
        nxt = data.find(b"\xff", pos)
        if nxt < 0 or nxt + 1 >= len(data):
            return None
        follower = data[nxt + 1]
        if follower == 0x00 or 0xD0 <= follower <= 0xD7:
            pos = nxt + 2
            continue
        return nxt


def _png_end(data: bytes) -> int | None:
    """Offset just past the IEND chunk."""
    pos = 8
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        pos += 12 + length
        if kind == b"IEND":
            return pos if pos <= len(data) else None
    return None


def _declared_end(fmt: str, data: bytes) -> int | None:
    if fmt == "jpeg":
        return _jpeg_end(data)
    if fmt == "png":
        return _png_end(data)
    riff_size = int.from_bytes(data[4:8], "little")
    end = 8 + riff_size + (riff_size & 1)
    return end if end <= len(data) + (riff_size & 1) else None


def check_polyglot(fmt: str, data: bytes) -> None:
    """Refuse active content anywhere, and another file format after the image ends."""
    lowered = data.lower()  # one C pass; a case-insensitive regex costs ten times more
    if any(marker in lowered for marker in ACTIVE_CONTENT):
        raise ImagePolyglot("the file carries script or markup besides the image")
    end = _declared_end(fmt, data)
    if end is None:
        raise ImageCorrupt("the image is truncated")
    trailer = data[end:].lstrip(b"\x00\r\n\t ")
    if trailer.startswith(TRAILER_STARTS) or any(s in trailer[:4096] for s in TRAILER_ANYWHERE):
        raise ImagePolyglot("another file is appended to the image")


def _open(data: bytes, fmt: str, limits: IntakeLimits) -> Image.Image:
    """Open lazily and check the header dimensions before any pixel is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[fmt.upper()])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooManyPixels(str(exc)) from None
    except (OSError, SyntaxError, ValueError, struct.error, EOFError):
        raise ImageCorrupt("the image header cannot be read") from None
    width, height = image.size
    if width < 1 or height < 1:
        raise ImageCorrupt("the image has no pixels")
    if width * height > limits.max_pixels:
        raise ImageTooManyPixels(
            f"{width}x{height} is more than {limits.max_pixels} pixels allowed"
        )
    return image


def _shrink(image: Image.Image, side: int, resample: Image.Resampling) -> Image.Image:
    """The image fitted within `side` x `side` (itself when it already fits)."""
    width, height = image.size
    if max(width, height) <= side:
        return image
    scale = side / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, resample, reducing_gap=2.0)


def _jpeg(image: Image.Image, quality: int) -> bytes:
    """A fresh JPEG with no EXIF, GPS, XMP, ICC or comments: only pixels survive.

    No `optimize` pass: it saves about 2 % of the bytes for a third more encoding time.
    """
    bare = Image.frombytes("RGB", image.size, image.tobytes())
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=quality)
    return out.getvalue()


def _declared_matches(declared: str, fmt: str) -> bool:
    """A generic type says nothing; an image type must be the sniffed one."""
    kind = declared.split(";")[0].strip().lower()
    if kind in ("", "application/octet-stream"):
        return True
    return kind == MIME[fmt] or (fmt == "jpeg" and kind in ("image/jpg", "image/pjpeg"))


def process(
    data: bytes, declared: str | None = None, limits: IntakeLimits | None = None
) -> Derivatives:
    """Validate an upload and make its derivatives; raises an `ImageRejected`."""
    limits = limits or IntakeLimits()
    if not data:
        raise ImageEmpty("the upload is empty")
    if len(data) > limits.max_bytes:
        raise ImageTooLarge(f"images may be at most {limits.max_bytes // (1024 * 1024)} MB")
    fmt = sniff(data)
    if fmt is None:
        raise ImageUnsupported("only JPEG, PNG and WebP images are accepted")
    if declared and not _declared_matches(declared, fmt):
        raise ImageTypeMismatch(f"declared {declared} but the bytes are {MIME[fmt]}")
    check_polyglot(fmt, data)
    image = _open(data, fmt, limits)
    width, height = upright_size(image)
    rgb = decode(image, work_side=limits.normalized_side, budget_bytes=limits.max_decode_bytes)
    # Decoded once: the model's copy from the pixels, the thumbnail from the model's copy.
    normalized = _shrink(rgb, limits.normalized_side, Image.Resampling.LANCZOS)
    thumbnail = _shrink(normalized, limits.thumbnail_side, Image.Resampling.BICUBIC)
    return Derivatives(
        format=fmt,
        width=width,
        height=height,
        normalized=_jpeg(normalized, 92),
        thumbnail=_jpeg(thumbnail, 80),
    )


__all__ = [
    "Derivatives",
    "ImageCorrupt",
    "ImageEmpty",
    "ImagePolyglot",
    "ImageRejected",
    "ImageTooLarge",
    "ImageTooLargeToDecode",
    "ImageTooManyPixels",
    "ImageTypeMismatch",
    "ImageUnsupported",
    "IntakeLimits",
    "process",
    "sniff",
]
