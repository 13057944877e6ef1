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


def test_labels_that_do_not_settle_the_item_are_marked_ambiguous() -> None:
    kb = load_knowledge()
    unsure = {e.label for e in kb.imagenet.values() if e.ambiguous}
    assert unsure >= {
        "cardigan", "jersey", "jean", "sweatshirt", "trench coat", "sunglasses", "crash helmet",
        "backpack", "diaper", "plate", "cup", "red wine", "medicine chest", "pill bottle",
        "water bottle", "pop bottle", "whiskey jug", "hamper", "bucket", "tub", "strainer",
        "tray", "radiator", "toilet seat",
    }  # fmt: skip
    assert {"bicycle-built-for-two", "tricycle", "analog clock", "ladle", "upright"} <= {
        e.label for e in kb.imagenet.values()
    }
    assert not kb.imagenet[967].ambiguous  # the coffee photo's espresso still decides


def test_every_item_follows_a_published_guidance_document() -> None:
    kb = load_knowledge()
    assert len(kb.items) >= 500
    documents = {i.source_document for i in kb.items}
    assert {"moe-separation", "food-criteria", "appliance-pickup"} <= documents
    assert all(i.source_section for i in kb.items)
    varying = [i for i in kb.items if i.varies_by_district]
    assert len(varying) >= 10
    assert kb.item("paper_cup").category == "paper_pack"
    assert all(c.category != "general" for c in kb.item("paper_cup").conditions if not c.keywords)


def test_rules_the_domain_review_corrected() -> None:
    kb = load_knowledge()
    assert kb.item("treadmill").category == "electronics"
    assert kb.item("electric_blanket").category == "bulky"
    assert kb.item("charcoal").category == "general"
    assert kb.item("coal_briquette").category == "non_combustible"
    assert not [c for c in kb.item("butane_can").conditions if c.category == "hazardous"]
    assert not [c for c in kb.item("spray_can").conditions if c.category == "hazardous"]
    general = kb.category("general")
    assert {nb.goes_to for nb in general.not_belong if "건전지" in nb.what} == {"battery"}
    assert "5톤" in " ".join(kb.category("construction").steps)
    assert kb.category("food").recycled_as
    hazardous = " ".join(kb.category("hazardous").steps)
    assert "우체통" not in hazardous  # the post box is the pills' route, in their own steps
    assert "의약품" not in hazardous  # the category's steps fit a swollen battery as well
    assert "우체통" in " ".join(kb.item("medicine_pills").steps)
    assert "우체통" not in " ".join(kb.item("liquid_medicine").steps)
    assert kb.category("general").name_ko == "일반 종량제봉투"
    assert kb.category("non_combustible").name_ko == "불연성 폐기물(특수규격 마대)"
    pillow_cushion = {kb.item("pillow").category, "general"}
    assert pillow_cushion == {"general"}  # 방석 is general wherever it appears


def test_one_syllable_keyword_and_unknown_document_fail(tmp_path: Path) -> None:
    data = _copy(tmp_path)
    _replace(data / "items_plastic.yaml", "keywords: [쇠뚜껑, 철제, 금속, metal]", "keywords: [쇠]")
    _replace(data / "items_paper.yaml", "source: moe-separation#종이류", "source: nowhere#x")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(data)
    message = str(info.value)
    assert "keyword '쇠' is too short" in message
    assert "(id=newspaper).source: unknown guidance document 'nowhere'" in message


def test_every_battery_can_be_swollen_or_leaking() -> None:
    """A swollen or leaking cell is a fire or chemical risk: hazardous, whatever its kind."""
    for item in load_knowledge().items_in("battery"):
        assert any(c.category == "hazardous" for c in item.conditions), item.id
