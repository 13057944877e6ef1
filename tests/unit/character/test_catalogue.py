"""The shipped catalogue is valid, original and covers every recyclable category."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ecoeco.character.catalogue import (
    DATA_FILE,
    RECYCLABLE_CATEGORIES,
    CatalogueError,
    load_catalogue,
    parse_catalogue,
)
from ecoeco.knowledge import load_knowledge


def test_one_character_per_recyclable_category_and_one_starter() -> None:
    catalogue = load_catalogue()
    categories = [c.category for c in catalogue.characters if c.category]
    assert sorted(categories) == sorted(RECYCLABLE_CATEGORIES)
    assert catalogue.starter.category is None
    assert len(catalogue.characters) == len(RECYCLABLE_CATEGORIES) + 1
    for slug in RECYCLABLE_CATEGORIES:
        character = catalogue.for_category(slug)
        assert character is not None
        assert catalogue.get(character.code) == character
    assert catalogue.for_category("general") is None


def test_categories_match_the_knowledge_base() -> None:
    knowledge = load_knowledge()
    recyclable = {c.slug for c in knowledge.categories if c.parent == "recyclable"}
    assert recyclable == set(RECYCLABLE_CATEGORIES)


def test_every_character_speaks_both_languages() -> None:
    for character in load_catalogue().characters:
        assert any("\uac00" <= ch <= "\ud7a3" for ch in character.name.ko), character.code
        assert character.name.en.isascii()
        assert any("\uac00" <= ch <= "\ud7a3" for ch in character.dialogue.ko), character.code
        assert character.image_key == f"characters/{character.code}.png"


def _raw() -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = yaml.safe_load(DATA_FILE.read_bytes())
    return data


def _dump(data: object) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["characters"].append(dict(d["characters"][1])), "unique"),
        (lambda d: d["characters"].pop(1), "without a character"),
        (lambda d: d["characters"][1].update(category="general"), "not recyclable"),
        (lambda d: d["characters"][1].update(starter=True, category=None), "exactly one"),
        (lambda d: d["characters"][0].update(category="paper"), "starter has no category"),
        (lambda d: d["characters"][2].update(rarity="mythic"), "rarity"),
        (lambda d: d["characters"][2].update(code="Bad Code"), "code"),
        (lambda d: d["characters"][2]["name"].pop("en"), "en"),
    ],
)
def test_invalid_data_is_refused_with_a_reason(change: object, message: str) -> None:
    data = _raw()
    assert callable(change)
    change(data)
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(_dump(data))


def test_version_follows_the_content(tmp_path: Path) -> None:
    shipped = load_catalogue()
    data = _raw()
    data["characters"][1]["dialogue"] = {"ko": "새 대사", "en": "A new line"}
    path = tmp_path / "characters.yaml"
    path.write_bytes(_dump(data))
    edited = load_catalogue(path)
    assert edited.version != shipped.version
    assert parse_catalogue(DATA_FILE.read_bytes()).version == shipped.version
    with pytest.raises(CatalogueError):
        load_catalogue(tmp_path / "missing.yaml")
    with pytest.raises(CatalogueError, match="YAML"):
        parse_catalogue(b"characters: [unclosed")
