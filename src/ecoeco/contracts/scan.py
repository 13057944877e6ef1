"""The scan service's shapes that others read: statuses, the result, the job views.

The ai worker produces `ScanResult`; the scan service stores and serves it; chat and
users read it through `ScanClient`. One model, so a change breaks the type check.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ecoeco.core.schemas import one_or_more
from ecoeco.core.text import PlainText


class ScanStatus(StrEnum):
    """Where a scan job is; the last three are final for a round."""

    queued = "queued"
    running = "running"
    done = "done"
    needs_confirmation = "needs_confirmation"
    failed = "failed"

    @property
    def final(self) -> bool:
        """True when the round is over (a `needs_confirmation` scan may get another round)."""
        return self in FINAL_STATUSES


FINAL_STATUSES = frozenset({ScanStatus.done, ScanStatus.needs_confirmation, ScanStatus.failed})


class ScanStage(StrEnum):
    """The pipeline's stages, in order."""

    vision = "vision"
    rule = "rule"
    answer = "answer"
    reward = "reward"


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

    @property
    def name_ko(self) -> str:
        """The candidate's Korean name: its item's, else its category's."""
        return self.item.name_ko if self.item is not None else self.category.name_ko

    @property
    def name_en(self) -> str:
        """The candidate's English name: its item's, else its category's."""
        return self.item.name_en if self.item is not None else self.category.name_en


class Disagreement(BaseModel):
    """The photo said one thing and the typed hint another (the hint won)."""

    image: CandidateOut | None = None
    hint: CandidateOut | None = None


class ScanResult(BaseModel):
    """What the scan concluded."""

    item: ItemRef | None = None
    category: CategoryRef | None = None
    confidence: float
    source: str
    confirmed: bool = False
    guide: GuideOut | None = None
    candidates: list[CandidateOut] = Field(default_factory=list)
    disagreement: Disagreement | None = None
    model: str | None = None


class ScanError(BaseModel):
    """Why a scan failed, for the client to show."""

    code: str
    message: str


class RewardOut(BaseModel):
    """What the scan earned, once the character service granted it."""

    code: str | None = None
    points: int = 0
    category: str | None = None


class ScanCreate(BaseModel):
    """Start a scan from an uploaded image, a typed hint, or both."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=one_or_more
    )

    image_key: str | None = Field(default=None, min_length=1, max_length=512, pattern=r"\S")
    hint: PlainText | None = Field(default=None, min_length=1, max_length=200, pattern=r"\S")

    @model_validator(mode="after")
    def _something_to_scan(self) -> ScanCreate:
        if self.image_key is None and self.hint is None:
            raise ValueError("send image_key, hint, or both")
        return self


class ScanAccepted(BaseModel):
    """A scan job was queued; follow `events_url`, read `result_url`."""

    id: str
    status: ScanStatus
    events_url: str
    result_url: str


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


class ScanExport(BaseModel):
    """Every scan of the caller with its result, newest first (their data export)."""

    items: list[ScanOut]


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


# -- progress events on the scan's hub stream, served as SSE --------------------------------


class ScanStageEvent(BaseModel):
    """An SSE event as a stage of the pipeline ends (the ai worker writes it to the hub).

    `reward` is `requested`: the ai worker asks for the reward (`scan.completed`); the
    character service decides it, and the scan shows it as `reward` once granted.
    """

    scan_id: str
    round: int = Field(description="1 for the first pass, 2 after a confirmation")
    stage: ScanStage
    status: Literal["completed", "skipped", "failed", "requested"]
    model: str | None = Field(default=None, description="vision: the model that looked")
    hint_matched: bool | None = Field(default=None, description="vision: the hint named an item")
    candidates: list[CandidateOut] | None = Field(default=None, description="vision: best guesses")
    item: ItemRef | None = Field(default=None, description="rule: the item it decided on")
    category: CategoryRef | None = Field(default=None, description="rule: the category")
    condition: str | None = Field(default=None, description="rule: the condition that applied")
    steps: int | None = Field(default=None, description="answer: how many steps the guide has")
    recyclable: bool | None = Field(default=None, description="reward: recyclable category")
    confirmed: bool | None = Field(default=None, description="reward: counted as confirmed")

    def data(self) -> dict[str, Any]:
        """The event's JSON, with only the fields its stage sets."""
        return self.model_dump(mode="json", exclude_unset=True)


class ScanFinalEvent(BaseModel):
    """The last SSE event (`done`, `needs_confirmation` or `failed`); the stream then closes."""

    scan_id: str
    round: int
    status: ScanStatus
    stage: str | None
    result: ScanResult | None
    error: ScanError | None
