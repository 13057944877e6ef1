"""The character catalogue: YAML data in the repo, validated, with a content version."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ecoeco.contracts.character import Localized, Rarity

DATA_FILE = Path(__file__).resolve().parent / "data" / "characters.yaml"

RECYCLABLE_CATEGORIES = (
    "paper",
    "paper_pack",
    "clear_pet",
    "plastic",
    "vinyl",
    "styrofoam",
    "glass",
    "metal",
    "textile",
    "battery",
    "lighting",
    "electronics",
)


class CatalogueError(ValueError):
    """The catalogue data is missing or invalid."""


class Character(BaseModel):
    """One collectible character: the starter, or the one for a recyclable category."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")
    name: Localized
    category: str | None = Field(default=None, pattern=r"^[a-z][a-z_]*$")
    dialogue: Localized
    rarity: Rarity
    image_key: str = Field(pattern=r"^characters/[a-z0-9_]+\.(png|webp)$")
    starter: bool = False

    @model_validator(mode="after")
    def _starter_has_no_category(self) -> Character:
        if self.starter == (self.category is not None):
            raise ValueError("the starter has no category; every other character has one")
        return self


class CatalogueFile(BaseModel):
    """The shape of characters.yaml."""

    model_config = ConfigDict(extra="forbid")

    characters: list[Character]

    @model_validator(mode="after")
    def _consistent(self) -> CatalogueFile:
        codes = [c.code for c in self.characters]
        if len(set(codes)) != len(codes):
            raise ValueError("character codes must be unique")
        if sum(c.starter for c in self.characters) != 1:
            raise ValueError("exactly one character must be the starter")
        categories = [c.category for c in self.characters if c.category is not None]
        if len(set(categories)) != len(categories):
            raise ValueError("one character per category")
        unknown = sorted(set(categories) - set(RECYCLABLE_CATEGORIES))
        if unknown:
            raise ValueError(f"not recyclable categories: {', '.join(unknown)}")
        missing = [c for c in RECYCLABLE_CATEGORIES if c not in categories]
        if missing:
            raise ValueError(f"recyclable categories without a character: {', '.join(missing)}")
        return self


class Catalogue:
    """Every character, in catalogue order, with lookups by code and category."""

    def __init__(self, characters: list[Character], version: str) -> None:
        self.characters = list(characters)
        self.version = version
        self._by_code = {c.code: c for c in self.characters}
        self._by_category = {c.category: c for c in self.characters if c.category}
        self.starter = next(c for c in self.characters if c.starter)

    def get(self, code: str) -> Character | None:
        """The character with this code, if any."""
        return self._by_code.get(code)

    def for_category(self, category: str) -> Character | None:
        """The character a category's scans grant, if the category has one."""
        return self._by_category.get(category)


def parse_catalogue(raw: bytes) -> Catalogue:
    """Validate YAML bytes; the version is a digest of the content."""
    try:
        data = yaml.safe_load(raw)
        parsed = CatalogueFile.model_validate(data)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"characters file is not valid YAML: {exc}") from None
    except ValidationError as exc:
        raise CatalogueError(f"characters file is invalid: {exc}") from None
    version = hashlib.sha256(raw).hexdigest()[:16]
    return Catalogue(parsed.characters, version)


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue from `path`, or the shipped data (read once per process)."""
    if path is None:
        return _shipped()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CatalogueError(f"cannot read {path}: {exc}") from None
    return parse_catalogue(raw)


@lru_cache(maxsize=1)
def _shipped() -> Catalogue:
    return parse_catalogue(DATA_FILE.read_bytes())
