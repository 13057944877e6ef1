"""Errors of the location service."""

from __future__ import annotations

from ecoeco.core.errors import AppError, NotFound, ValidationFailed


class InvalidCoordinates(AppError):
    """Latitude or longitude is missing, not a number, or out of range."""

    status_code = 400
    code = "invalid_coordinates"


class PlaceNotFound(NotFound):
    """No place has this id."""

    def __init__(self) -> None:
        super().__init__("place not found")


class UnknownCategory(ValidationFailed):
    """`accepts` names no disposal category of the knowledge base."""
