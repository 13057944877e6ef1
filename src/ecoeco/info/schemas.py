"""Request and response bodies of the info service."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ecoeco.info.settings import NEWS_CATEGORY_PATTERN


class CategoryRef(BaseModel):
    """A disposal category as other answers refer to it."""

    slug: str
    name_ko: str
    name_en: str


class GuideSummary(CategoryRef):
    """A category in the guide list, with how many items it holds."""

    parent: Literal["recyclable", "other"]
    recyclable: bool
    item_count: int


class MisplacedItem(BaseModel):
    """Something that does not belong in a category, where it goes and why."""

    what: str
    goes_to: CategoryRef
    reason: str


class ConditionOut(BaseModel):
    """A circumstance that sends an item elsewhere."""

    when_ko: str
    when_en: str
    category: CategoryRef
    note: str
    district_check: str = ""
    """Non-empty where districts differ in this case: what to check with the district office."""


class GuideItem(BaseModel):
    """An item listed in a guide."""

    id: str
    name_ko: str
    name_en: str
    synonyms_ko: list[str]
    steps: list[str]
    warnings: list[str]
    conditions: list[ConditionOut]


class Guide(GuideSummary):
    """The full disposal guide of a category."""

    belongs: list[str]
    steps: list[str]
    not_belong: list[MisplacedItem]
    items: list[GuideItem]


class GuideList(BaseModel):
    """Every category in display order."""

    items: list[GuideSummary]


class ItemHit(BaseModel):
    """One ranked item for a search; `category` already applies a condition the query named."""

    id: str
    name: str
    name_en: str
    category: CategoryRef
    conditions: list[ConditionOut]
    applied_condition: ConditionOut | None
    unsure_condition: ConditionOut | None = None
    """A condition that would move the item into or out of hazardous waste and that the
    query leaves open (수은 or 디지털 체온계?): ask before trusting `category`."""
    steps: list[str]
    warnings: list[str]
    district_check: str = ""
    """Non-empty where the answer varies by district (the applied condition's, else the
    item's): what to check with the district office before following `category`."""
    score: float
    match: Literal["exact", "synonym", "fuzzy", "semantic"]


class ItemSearchResult(BaseModel):
    """Ranked items, or none with suggestions of close names."""

    query: str
    items: list[ItemHit]
    suggestions: list[str]


class ArticleOut(BaseModel):
    """A news article."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    url: str
    source: str
    published_at: datetime
    summary: str
    image: str | None
    category: str


class TipOut(BaseModel):
    """A disposal tip."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    title: str
    body: str
    category: str | None
    published: bool
    created_at: datetime
    updated_at: datetime


class _TipFields(BaseModel):
    """Validation shared by creating and editing tips."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("title", "body", check_fields=False)
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        """Reject text that is only spaces."""
        if value is not None and not value.strip():
            raise ValueError("must not be blank")
        return value


class TipCreate(_TipFields):
    """A new tip."""

    title: str = Field(min_length=1, max_length=200)
    body: str = Field(min_length=1, max_length=10_000)
    category: str | None = Field(default=None, pattern=NEWS_CATEGORY_PATTERN)
    published: bool = True


class TipUpdate(_TipFields):
    """Changes to a tip; absent fields stay as they are."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    body: str | None = Field(default=None, min_length=1, max_length=10_000)
    category: str | None = Field(default=None, pattern=NEWS_CATEGORY_PATTERN)
    published: bool | None = None
