"""The shipped knowledge data validates, and broken data fails with file and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ecoeco.knowledge import DATA_DIR, KnowledgeError, load_knowledge

SLUGS = [
    "paper", "paper_pack", "clear_pet", "plastic", "vinyl", "styrofoam", "glass", "metal",
    "textile", "battery", "lighting", "electronics", "general", "non_combustible", "food",
    "hazardous", "bulky", "construction",
]  # fmt: skip


def test_shipped_data_is_valid() -> None:
    kb = load_knowledge()
    assert [c.slug for c in kb.categories] == SLUGS
    assert len(kb.items) >= 250
    assert all(c.steps for c in kb.categories)
    assert all(kb.items_in(slug) for slug in SLUGS)
    assert load_knowledge() is kb


def test_lookups_and_imagenet() -> None:
    kb = load_knowledge()
    assert kb.item("receipt").category == "general"
    assert kb.category("glass").recyclable
    target = kb.imagenet_target(440)
    assert target is not None
    item, category = target
    assert item is not None
    assert (item.id, category.slug) == ("beer_bottle", "glass")
    assert kb.imagenet_target(0) is None
    assert len(kb.imagenet) >= 80
    with pytest.raises(KeyError):
        kb.item("no_such_item")


def test_commonly_wrong_items_are_present() -> None:
    kb = load_knowledge()
    expected = {
        "receipt": "general", "chicken_bone": "general", "egg_shell": "general",
        "onion_skin": "general", "tea_bag": "general", "broken_glass": "general",
        "mirror": "non_combustible", "ceramics": "non_combustible",
        "heat_resistant_glass": "non_combustible", "ice_pack": "general",
        "toothbrush": "general", "umbrella": "general", "cd": "general",
        "lighter": "general", "butane_can": "metal", "spray_can": "metal",
        "power_bank": "battery", "fluorescent_tube": "lighting", "led_bulb": "lighting",
        "medicine_pills": "hazardous", "liquid_medicine": "hazardous",
        "tetra_pack": "paper_pack", "bubble_wrap": "vinyl", "snack_bag": "vinyl",
        "instant_rice_tray": "plastic", "coffee_capsule": "general",
    }  # fmt: skip
    assert {i: kb.item(i).category for i in expected} == expected


def test_version_changes_with_data(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    before = load_knowledge(data).version
    path = data / "items_food.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_knowledge(data).version != before


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_item_category_names_file_and_field(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _replace(data / "items_paper.yaml", "category: paper\n", "category: papr\n")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data)
    assert info.value.file == "items_paper.yaml"
    assert info.value.field == "items[0] (id=newspaper).category"
    assert "papr" in str(info.value)


def test_schema_error_names_file_and_field(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _replace(data / "items_food.yaml", "name_ko: 닭 뼈", "name_kor: 닭 뼈")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data)
    message = str(info.value)
    assert "items_food.yaml" in message
    assert "items[1] (id=chicken_bone).name_ko" in message


def test_category_without_steps_fails(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    path = data / "categories.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    steps:", text.index("slug: bulky"))
    end = text.index("    not_belong:", start)
    path.write_text(text[:start] + "    steps: []\n" + text[end:], encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data)
    assert info.value.file == "categories.yaml"
    assert "(slug=bulky).steps" in info.value.field


def test_invalid_yaml_names_file_and_line(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    (data / "items_general.yaml").write_text("items: [\n  - {id: x\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data)
    assert info.value.file == "items_general.yaml"
    assert info.value.field.startswith("line ")


def test_name_collision_across_categories_is_detected(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _replace(data / "items_food.yaml", "synonyms_ko: [꽁초,", "synonyms_ko: [뽁뽁이, 꽁초,")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data)
    assert "'뽁뽁이'" in str(info.value)
    assert info.value.field.endswith("(id=cigarette_butt).names") or "cigarette_butt" in str(
        info.value
    )


def test_collision_allowed_when_a_condition_separates(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _replace(
        data / "items_food.yaml",
        "    names_en: [cigarette butt, cigarette, ash]\n    category: general\n",
        "    names_en: [cigarette butt, cigarette, ash]\n    category: general\n"
        "    conditions:\n      - {when_ko: 깨끗한 것, when_en: clean, category: vinyl}\n",
    )
    _replace(data / "items_food.yaml", "synonyms_ko: [꽁초,", "synonyms_ko: [뽁뽁이, 꽁초,")
    assert load_knowledge(data).item("cigarette_butt")


def test_imagenet_target_must_exist(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _replace(data / "imagenet_map.yaml", "item: beer_bottle}", "item: beer_botle}")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data)
    assert info.value.file == "imagenet_map.yaml"
    assert info.value.field.endswith("(index=440).item")
