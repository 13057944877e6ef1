"""Errors of the users service."""

from __future__ import annotations

from ecoeco.core.errors import Conflict, ValidationFailed


class NicknameTaken(Conflict):
    """Someone else already uses this nickname."""

    code = "nickname_taken"


class NotYourThumbnail(ValidationFailed):
    """A profile image must be the thumbnail of one of the caller's own uploads."""

    code = "profile_image_invalid"
