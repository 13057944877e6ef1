"""The rule and answer stages: a knowledge entry, its conditions, and the guide built from it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ecoeco.knowledge import Category, Condition, Item, KnowledgeBase


@dataclass(frozen=True)
class Ruling:
    """What the rule stage decided: the item (when known), its category, the condition applied."""

    item: Item | None
    category: Category
    condition: Condition | None = None


def category_ref(category: Category) -> dict[str, Any]:
    """A category as a result shows it."""
    return {
        "slug": category.slug,
        "name_ko": category.name_ko,
        "name_en": category.name_en,
        "recyclable": category.recyclable,
    }


def item_ref(item: Item) -> dict[str, Any]:
    """An item as a result shows it."""
    return {"id": item.id, "name_ko": item.name_ko, "name_en": item.name_en}


def rule(
    kb: KnowledgeBase,
    item_id: str | None,
    category_slug: str | None,
    condition: Condition | None = None,
) -> Ruling:
    """Look up the entry; a category other than the item's own applies the matching condition.

    Raises KeyError for an unknown item or category (the caller validated them).
    """
    item = kb.item(item_id) if item_id else None
    if item is None:
        if category_slug is None:
            raise KeyError("neither item nor category")
        return Ruling(None, kb.category(category_slug), None)
    if condition is not None:
        return Ruling(item, kb.category(condition.category), condition)
    slug = category_slug or item.category
    if slug != item.category:
        condition = next((c for c in item.conditions if c.category == slug), None)
    return Ruling(item, kb.category(slug), condition)


def _condition_out(kb: KnowledgeBase, condition: Condition) -> dict[str, Any]:
    return {
        "when": condition.when_ko,
        "when_en": condition.when_en,
        "category": category_ref(kb.category(condition.category)),
        "note": condition.note or None,
    }


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(line for line in lines if line))


def answer(kb: KnowledgeBase, ruling: Ruling) -> dict[str, Any]:
    """Compose the guide from the knowledge base only: steps, warnings, what changes it."""
    item, category, applied = ruling.item, ruling.category, ruling.condition
    own_steps = item.steps if item is not None and applied is None else []
    warnings = list(item.warnings) if item is not None else []
    if applied is not None:
        warnings.insert(0, f"{applied.when_ko}: {category.name_ko}(으)로 배출합니다.")
        if applied.note:
            warnings.insert(1, applied.note)
    elif not category.recyclable and item is not None:
        warnings.append(f"{item.name_ko}은(는) 재활용되지 않습니다.")
    conditions = [c for c in (item.conditions if item is not None else ()) if c is not applied]
    return {
        "steps": _unique([*own_steps, *category.steps]),
        "warnings": _unique(warnings),
        "not_recyclable_if": [
            _condition_out(kb, c)
            for c in conditions
            if category.recyclable and not kb.category(c.category).recyclable
        ],
        "other_conditions": [
            _condition_out(kb, c)
            for c in conditions
            if not (category.recyclable and not kb.category(c.category).recyclable)
            and c.category != category.slug
        ],
        "exceptions": [
            {"what": nb.what, "goes_to": nb.goes_to, "reason": nb.reason}
            for nb in category.not_belong
        ],
    }
