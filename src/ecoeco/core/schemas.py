"""Response models shared by every service."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


def one_or_more(schema: dict[str, Any]) -> None:
    """`json_schema_extra` for "send a, b, or both": non-null fields, at least one present.

    Said this way (not `anyOf`) so client generators still make a plain model of it.
    """
    for prop in schema.get("properties", {}).values():
        kinds = [k for k in prop.pop("anyOf", []) if k.get("type") != "null"]
        if len(kinds) == 1:
            prop.update(kinds[0])
    schema["minProperties"] = 1


class FieldError(BaseModel):
    """One input that failed validation: where it is and what is wrong with it."""

    loc: list[str]
    msg: str


class ErrorBody(BaseModel):
    """The inner object of every error response."""

    code: str = Field(description="stable machine code, e.g. `not_found`, `validation_error`")
    message: str = Field(description="what went wrong, for a person")
    details: list[FieldError] | None = Field(
        default=None, description="each invalid field (validation errors only)"
    )


class ErrorResponse(BaseModel):
    """Every 4xx/5xx body: {"error": {"code", "message"}}."""

    error: ErrorBody
