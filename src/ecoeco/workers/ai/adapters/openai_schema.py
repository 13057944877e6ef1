"""What we ask an OpenAI-compatible vision model for, and how its answer is validated."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from ecoeco.knowledge import Category
from ecoeco.workers.ai.ports import VisionResponseInvalid

UNKNOWN = "unknown"  # the model's way to say the photo shows nothing it can place
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


class Guess(BaseModel):
    """One category (and item, when the model names one) with the model's confidence."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    category: str
    item: str | None = None
    confidence: float = Field(ge=0.0, le=1.0)

    @field_validator("category")
    @classmethod
    def _known_slug(cls, value: str, info: ValidationInfo) -> str:
        """Only our category slugs (or `unknown`) are accepted; never a made-up one."""
        slugs = (info.context or {}).get("slugs", ())
        if value != UNKNOWN and value not in slugs:
            raise ValueError(f"unknown category slug {value!r}")
        return value

    @field_validator("item")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        """An empty item name means no item."""
        return value or None


class VisionAnswer(Guess):
    """The whole answer: the best guess and the alternatives."""

    candidates: list[dict[str, Any]] = Field(default_factory=list)

    def alternatives(self, slugs: Sequence[str]) -> list[Guess]:
        """Alternatives that validate; one with a slug we do not have is dropped, not guessed."""
        valid = []
        for raw in self.candidates:
            try:
                valid.append(Guess.model_validate(raw, context={"slugs": slugs}))
            except ValidationError:
                continue
        return valid


def parse_answer(content: str, slugs: Sequence[str]) -> VisionAnswer:
    """Decode the assistant's JSON (a ```json fence is tolerated) and validate it."""
    fenced = _FENCE.match(content)
    text = fenced.group(1) if fenced else content
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise VisionResponseInvalid("the vision model did not answer with JSON") from exc
    if not isinstance(data, dict):
        raise VisionResponseInvalid("the vision model's JSON is not an object")
    try:
        return VisionAnswer.model_validate(data, context={"slugs": slugs})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "answer"
        raise VisionResponseInvalid(f"the vision model's answer is invalid at {where}") from exc


def response_format(slugs: Sequence[str], json_schema: bool) -> dict[str, Any]:
    """Structured output (json_schema, strict) or plain JSON mode for older servers."""
    if not json_schema:
        return {"type": "json_object"}
    guess = {
        "category": {"type": "string", "enum": [*slugs, UNKNOWN]},
        "item": {"type": ["string", "null"]},
        "confidence": {"type": "number"},
    }
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["category", "item", "confidence", "candidates"],
        "properties": {
            **guess,
            "candidates": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["category", "item", "confidence"],
                    "properties": guess,
                },
            },
        },
    }
    return {
        "type": "json_schema",
        "json_schema": {"name": "waste_classification", "strict": True, "schema": schema},
    }


def system_prompt(categories: Sequence[Category]) -> str:
    """Instructions: the Korean separation categories and the exact JSON shape."""
    lines = "\n".join(f"- {c.slug}: {c.name_en} ({c.name_ko})" for c in categories)
    return (
        "You identify the single main household waste item in a photo and the category it is "
        "put out in under the Korean waste separation rules. Categories (use the slug):\n"
        f"{lines}\n"
        "Answer with one JSON object and nothing else: "
        '{"category": slug, "item": short English name of the item or null, '
        '"confidence": number from 0 to 1, "candidates": [up to 4 other '
        '{"category", "item", "confidence"}]}. '
        f'If the photo shows no waste item you can place, use "category": "{UNKNOWN}" '
        "with a low confidence. Never use a slug that is not in the list."
    )
