"""Errors of the scan service."""

from __future__ import annotations

from ecoeco.core.errors import AppError, Conflict, NotFound


class ScanNotFound(NotFound):
    """No such scan, or not the caller's."""

    code = "scan_not_found"

    def __init__(self) -> None:
        super().__init__("scan not found")


class ImageNotFound(AppError):
    """The image key names no accepted image of the caller."""

    status_code = 422
    code = "image_not_found"


class NotAwaitingConfirmation(Conflict):
    """Only a scan that needs confirmation can be confirmed."""

    code = "scan_not_awaiting_confirmation"


class UnknownChoice(AppError):
    """The confirmed item or category is not in the knowledge base."""

    status_code = 422
    code = "unknown_choice"


class UploadsNotHere(AppError):
    """This process cannot take image bytes; use the upload endpoint."""

    status_code = 415
    code = "direct_upload_unavailable"
