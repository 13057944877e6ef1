"""Pydantic models for the disposal knowledge base files."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Slug = str


class _Model(BaseModel):
    """Frozen model that rejects unknown fields so typos in data files fail loudly."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class NotBelong(_Model):
    """Something people put in a category by mistake, and where it goes instead."""

    what: str = Field(min_length=1)
    goes_to: Slug
    reason: str = Field(min_length=1)


class Category(_Model):
    """A disposal category (분리배출 품목) with its steps and exclusions."""

    slug: Slug = Field(pattern=r"^[a-z][a-z_]*$")
    name_ko: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    parent: Literal["recyclable", "other"]
    recyclable: bool
    belongs: list[str] = Field(min_length=1)
    steps: list[str] = Field(min_length=1)
    not_belong: list[NotBelong] = Field(default_factory=list)
    recycled_as: str = ""
    """What a category that is not a separate recyclable still becomes (음식물: 사료·퇴비)."""


class Condition(_Model):
    """A circumstance that changes where an item goes (dirty, broken, large ...)."""

    when_ko: str = Field(min_length=1)
    when_en: str = Field(min_length=1)
    category: Slug
    note: str = ""
    keywords: list[str] = Field(default_factory=list)
    district_check: str = ""
    """Non-empty when districts differ here: what to check with the district office."""

    @property
    def varies_by_district(self) -> bool:
        """Whether the rule differs from one district to another."""
        return bool(self.district_check)


class Item(_Model):
    """One kind of waste item with the names people use for it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    name_ko: str = Field(min_length=1)
    synonyms_ko: list[str] = Field(default_factory=list)
    names_en: list[str] = Field(min_length=1)
    category: Slug
    steps: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    source: str = Field(pattern=r"^[a-z][a-z-]*#\S.*$")
    """The national guidance followed: `<document id>#<section>` (documents in sources.yaml)."""
    district_check: str = ""
    """Non-empty when districts differ: what to check with the district office."""

    @property
    def varies_by_district(self) -> bool:
        """Whether the rule differs from one district to another."""
        return bool(self.district_check)

    @property
    def source_document(self) -> str:
        """The id of the guidance document the item follows."""
        return self.source.split("#", 1)[0]

    @property
    def source_section(self) -> str:
        """The section of that document."""
        return self.source.split("#", 1)[1]

    @field_validator("synonyms_ko", "names_en")
    @classmethod
    def _no_blank_names(cls, value: list[str]) -> list[str]:
        """Reject empty names."""
        if any(not name.strip() for name in value):
            raise ValueError("names must not be blank")
        return [name.strip() for name in value]

    @property
    def name_en(self) -> str:
        """The primary English name."""
        return self.names_en[0]

    def all_names(self) -> list[str]:
        """Every name of the item: Korean name, synonyms, English names."""
        return [self.name_ko, *self.synonyms_ko, *self.names_en]


class ItemsFile(_Model):
    """The top level of an `items_*.yaml` file."""

    items: list[Item] = Field(min_length=1)


class CategoriesFile(_Model):
    """The top level of `categories.yaml`."""

    categories: list[Category] = Field(min_length=1)


class ImagenetEntry(_Model):
    """An ImageNet-1k class with a waste meaning.

    `ambiguous` marks a label that does not settle the item or its material (a
    person wearing the clothes, a meal on the plate, a cup of unknown material):
    a photo read as it leads to a question, never a decided answer, and `choices`
    are the items it may show, most likely first.
    """

    index: int = Field(ge=0, le=999)
    label: str = Field(min_length=1)
    item: str | None = None
    category: Slug | None = None
    note: str = ""
    ambiguous: bool = False
    choices: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_target(self) -> ImagenetEntry:
        """Require an item or a category; an ambiguous label offers two or more choices."""
        if self.item is None and self.category is None:
            raise ValueError("needs an item or a category")
        if self.ambiguous and len(self.choices) < 2:
            raise ValueError("an ambiguous label needs at least two choices")
        if not self.ambiguous and self.choices:
            raise ValueError("only an ambiguous label offers choices")
        if len(set(self.choices)) != len(self.choices):
            raise ValueError("a choice is repeated")
        return self


class Document(_Model):
    """A published national guidance document that items follow."""

    id: str = Field(pattern=r"^[a-z][a-z-]*$")
    title_ko: str = Field(min_length=1)
    title_en: str = Field(min_length=1)
    publisher: str = Field(min_length=1)


class SourcesFile(_Model):
    """The top level of `sources.yaml`."""

    documents: list[Document] = Field(min_length=1)


class ImagenetFile(_Model):
    """The top level of `imagenet_map.yaml`."""

    labels: list[ImagenetEntry] = Field(min_length=1)
