"""The photograph every scan in the load uploads: scikit-image's coffee cup as a JPEG."""

from __future__ import annotations

import io


def coffee_jpeg(quality: int = 85) -> bytes:
    """A real photo (400x600) encoded the way a phone camera would."""
    from PIL import Image
    from skimage import data

    buffer = io.BytesIO()
    Image.fromarray(data.coffee()).save(buffer, format="JPEG", quality=quality)  # type: ignore[no-untyped-call]
    return buffer.getvalue()
