"""Why an upload is refused: each refusal carries its HTTP status and a stable code."""

from __future__ import annotations

from typing import ClassVar

from ecoeco.core.errors import AppError


class ImageRejected(AppError):
    """An upload that is not an image we accept."""

    status_code: ClassVar[int] = 422
    code: ClassVar[str] = "image_invalid"


class ImageEmpty(ImageRejected):
    """Zero bytes."""

    status_code = 400
    code = "image_empty"


class ImageTooLarge(ImageRejected):
    """More bytes than allowed."""

    status_code = 413
    code = "image_too_large"


class ImageTooManyPixels(ImageRejected):
    """Dimensions beyond the pixel limit (a decompression bomb or a huge scan)."""

    status_code = 413
    code = "image_too_many_pixels"


class ImageUnsupported(ImageRejected):
    """Not JPEG, PNG or WebP by its magic bytes."""

    status_code = 415
    code = "image_unsupported_type"


class ImageTypeMismatch(ImageRejected):
    """The declared content type is not what the bytes are."""

    status_code = 415
    code = "image_type_mismatch"


class ImageCorrupt(ImageRejected):
    """Truncated or undecodable."""

    code = "image_corrupt"


class ImagePolyglot(ImageRejected):
    """Valid image bytes carrying another file or active content."""

    code = "image_polyglot"


class ImageTooLargeToDecode(ImageRejected):
    """Decoding would take more memory than one image may use."""

    status_code = 413
    code = "image_too_large_to_decode"
