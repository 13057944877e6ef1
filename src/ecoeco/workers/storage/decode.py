"""Decoding an opened image within a memory budget: the one step that costs memory.

Every pixel of an upload is decoded here and nowhere else. The cost is known from
the header before any pixel is decoded: the pixels Pillow will hold (width x height
x bytes per pixel of the mode it decodes to). JPEG is reduced while decoding (DCT
scaling via `draft`); other formats are decoded at full size and shrunk at once, strip
by strip, so the peak is the decoded pixels plus a small working copy (never a
full-size conversion). An image whose cost is over the budget is refused with 413
before decoding.
"""

from __future__ import annotations

import struct
import zlib

from PIL import Image

from ecoeco.workers.storage.errors import ImageCorrupt, ImageTooLargeToDecode, ImageTooManyPixels

MB = 1024 * 1024

# EXIF orientation -> the transpose that shows the picture upright.
_UPRIGHT = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_EXIF_ORIENTATION = 0x0112
# Rows converted at a time while shrinking (times the reduction factor).
_STRIP_ROWS = 32


def bytes_per_pixel(mode: str) -> int:
    """What Pillow stores per pixel of a mode (RGB is kept in 32 bits)."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


def _factor(size: tuple[int, int], work_side: int) -> int:
    """The whole reduction that keeps the longer side at least twice `work_side`
    (the resampling that follows then loses nothing, as Pillow's `reducing_gap` does)."""
    return max(1, max(size) // (2 * work_side))


def _draft_box(size: tuple[int, int], work_side: int) -> tuple[int, int]:
    """The smallest size a JPEG may be scaled down to while decoding: the longer side
    twice `work_side`, the shorter in proportion (draft keeps both at least this)."""
    width, height = size
    longest = max(width, height)
    target = 2 * work_side
    return max(1, width * target // longest), max(1, height * target // longest)


def decode_cost(image: Image.Image, work_side: int) -> int:
    """Bytes the decode will hold at its peak, from the header alone (after any draft)."""
    width, height = image.size
    factor = _factor(image.size, work_side)
    reduced = -(-width // factor) * -(-height // factor) * 4
    working = 2 * reduced if factor == 1 else reduced + width * 4 * _STRIP_ROWS * factor * 2
    return width * height * bytes_per_pixel(image.mode) + working


def _orientation(image: Image.Image) -> int:
    """The EXIF orientation, read without decoding (Pillow would decode a PNG to look for
    an eXIf chunk after the pixels; one before them is in `info` already)."""
    if image.format == "PNG" and "exif" not in image.info:
        return 1
    try:
        value = image.getexif().get(_EXIF_ORIENTATION, 1)
    except (OSError, SyntaxError, ValueError, struct.error, EOFError):
        return 1
    return value if isinstance(value, int) else 1


def upright_size(image: Image.Image) -> tuple[int, int]:
    """The header's size as the picture is seen (EXIF orientations 5-8 swap the sides).

    Call it before `decode`, which may reduce the size while decoding.
    """
    width, height = image.size
    return (height, width) if _orientation(image) in (5, 6, 7, 8) else (width, height)


def decode(image: Image.Image, *, work_side: int, budget_bytes: int) -> Image.Image:
    """Decode an opened image to upright RGB, no larger than needed for `work_side`.

    The result's longer side is at least twice `work_side` when the source is that large,
    so derivatives of that size lose nothing. Raises `ImageTooLargeToDecode` (413) when
    the decode would hold more than `budget_bytes`; nothing is decoded then.
    """
    orientation = _orientation(image)
    if image.format == "JPEG":
        image.draft("RGB", _draft_box(image.size, work_side))
    cost = decode_cost(image, work_side)
    if cost > budget_bytes:
        width, height = image.size
        raise ImageTooLargeToDecode(
            f"decoding this {width}x{height} {image.mode} image needs {cost / MB:.0f} MB; "
            f"an image may use at most {budget_bytes / MB:.0f} MB once decoded"
        )
    try:
        image.load()
        rgb = _shrink(image, _factor(image.size, work_side))
    except Image.DecompressionBombError as exc:
        raise ImageTooManyPixels(str(exc)) from None
    except (OSError, SyntaxError, ValueError, struct.error, EOFError, zlib.error):
        raise ImageCorrupt("the image is truncated or corrupt") from None
    upright = _UPRIGHT.get(orientation)
    return rgb.transpose(upright) if upright is not None else rgb


def _shrink(image: Image.Image, factor: int) -> Image.Image:
    """RGB reduced by `factor`, converted a strip at a time (no full-size copy)."""
    if factor == 1:
        return _flatten(image)
    width, height = image.size
    out = Image.new("RGB", (-(-width // factor), -(-height // factor)))
    rows = _STRIP_ROWS * factor
    for top in range(0, height, rows):
        strip = image.crop((0, top, width, min(height, top + rows)))
        out.paste(_flatten(strip).reduce(factor), (0, top // factor))
    return out


def _flatten(image: Image.Image) -> Image.Image:
    """RGB; transparent pixels become white rather than black."""
    if image.mode in ("P", "PA") or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")
