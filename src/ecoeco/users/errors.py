"""Errors of the users service."""

from __future__ import annotations

from ecoeco.core.errors import Conflict


class NicknameTaken(Conflict):
    """Someone else already uses this nickname."""

    code = "nickname_taken"
