"""Request and response bodies of the scan service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ScanStatus = Literal["queued", "running", "done", "needs_confirmation", "failed"]
FINAL_STATUSES = ("done", "needs_confirmation", "failed")


class ScanCreate(BaseModel):
    """Start a scan from an uploaded image, a typed hint, or both."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    image_key: str | None = Field(default=None, min_length=1, max_length=512)
    hint: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _something_to_scan(self) -> ScanCreate:
        if self.image_key is None and self.hint is None:
            raise ValueError("send image_key, hint, or both")
        return self


class ScanConfirm(BaseModel):
    """The person's pick: an item id, a category slug, or both."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    item: str | None = Field(default=None, min_length=1, max_length=80)
    category: str | None = Field(default=None, min_length=1, max_length=40)

    @model_validator(mode="after")
    def _a_choice(self) -> ScanConfirm:
        if self.item is None and self.category is None:
            raise ValueError("send item or category")
        return self


class ScanAccepted(BaseModel):
    """A scan job was queued; follow `events_url`, read `result_url`."""

    id: str
    status: ScanStatus
    events_url: str
    result_url: str


class CategoryRef(BaseModel):
    """A disposal category as shown with a result."""

    slug: str
    name_ko: str
    name_en: str
    recyclable: bool


class ItemRef(BaseModel):
    """A knowledge item as shown with a result."""

    id: str
    name_ko: str
    name_en: str


class ConditionOut(BaseModel):
    """A circumstance that sends the item elsewhere."""

    when: str
    when_en: str | None = None
    category: CategoryRef
    note: str | None = None


class ExceptionOut(BaseModel):
    """Something people put in this category by mistake."""

    what: str
    goes_to: str
    reason: str


class GuideOut(BaseModel):
    """How to put the item out."""

    steps: list[str]
    warnings: list[str]
    not_recyclable_if: list[ConditionOut]
    other_conditions: list[ConditionOut] = Field(default_factory=list)
    exceptions: list[ExceptionOut] = Field(default_factory=list)


class CandidateOut(BaseModel):
    """One guess offered when the pipeline is not sure."""

    category: CategoryRef
    item: ItemRef | None = None
    score: float
    label: str | None = None
    source: str | None = None


class ScanResult(BaseModel):
    """What the scan concluded."""

    item: ItemRef | None = None
    category: CategoryRef | None = None
    confidence: float
    source: str
    confirmed: bool = False
    guide: GuideOut | None = None
    candidates: list[CandidateOut] = Field(default_factory=list)
    disagreement: dict[str, CandidateOut | None] | None = None
    model: str | None = None


class RewardOut(BaseModel):
    """What the scan earned, once the character service granted it."""

    code: str | None = None
    points: int = 0
    category: str | None = None


class ScanError(BaseModel):
    """Why a scan failed, for the client to show."""

    code: str
    message: str


class ScanOut(BaseModel):
    """A scan job and, once final, its result."""

    id: str
    status: ScanStatus
    stage: str | None
    hint: str | None
    image_key: str | None
    thumbnail_key: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    result: ScanResult | None = None
    reward: RewardOut | None = None
    error: ScanError | None = None


class ScanSummary(BaseModel):
    """One line of the history."""

    id: str
    status: ScanStatus
    created_at: datetime
    hint: str | None
    thumbnail_key: str | None
    category: CategoryRef | None = None
    item: ItemRef | None = None
    reward: RewardOut | None = None


class CategoryOut(BaseModel):
    """A disposal category."""

    slug: str
    name_ko: str
    name_en: str
    parent: str
    recyclable: bool
