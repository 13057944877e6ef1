"""Request and response bodies of the scan service."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ecoeco.contracts.scan import (
    FINAL_STATUSES,
    CandidateOut,
    CategoryRef,
    ConditionOut,
    ExceptionOut,
    GuideOut,
    ItemRef,
    RewardOut,
    ScanAccepted,
    ScanCreate,
    ScanError,
    ScanExport,
    ScanFinalEvent,
    ScanOut,
    ScanResult,
    ScanStage,
    ScanStageEvent,
    ScanStatus,
    ScanSummary,
)
from ecoeco.core.schemas import one_or_more

__all__ = [
    "FINAL_STATUSES",
    "CandidateOut",
    "CategoryOut",
    "CategoryRef",
    "ConditionOut",
    "ExceptionOut",
    "GuideOut",
    "ItemRef",
    "RewardOut",
    "ScanAccepted",
    "ScanConfirm",
    "ScanCreate",
    "ScanError",
    "ScanExport",
    "ScanFinalEvent",
    "ScanOut",
    "ScanResult",
    "ScanStageEvent",
    "ScanStatus",
    "ScanSummary",
]


class ScanConfirm(BaseModel):
    """The person's pick: an item id, a category slug, or both."""

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=one_or_more
    )

    item: str | None = Field(default=None, min_length=1, max_length=80, pattern=r"\S")
    category: str | None = Field(default=None, min_length=1, max_length=40, pattern=r"\S")

    @model_validator(mode="after")
    def _a_choice(self) -> ScanConfirm:
        if self.item is None and self.category is None:
            raise ValueError("send item or category")
        return self


class CategoryOut(BaseModel):
    """A disposal category."""

    slug: str
    name_ko: str
    name_en: str
    parent: str
    recyclable: bool


SCAN_EVENTS: dict[str, type[BaseModel]] = {
    **{stage.value: ScanStageEvent for stage in ScanStage},
    **{status.value: ScanFinalEvent for status in ScanStatus if status.final},
}
