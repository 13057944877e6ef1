"""The rule and answer stages: a knowledge entry, its conditions, and the guide built from it."""

from __future__ import annotations

from dataclasses import dataclass

from ecoeco.contracts.scan import CategoryRef, ConditionOut, ExceptionOut, GuideOut, ItemRef
from ecoeco.knowledge import Category, Condition, Item, KnowledgeBase
from ecoeco.knowledge.korean import direction, topic


@dataclass(frozen=True)
class Ruling:
    """What the rule stage decided: the item (when known), its category, the condition applied."""

    item: Item | None
    category: Category
    condition: Condition | None = None


def category_ref(category: Category) -> CategoryRef:
    """A category as a result shows it."""
    return CategoryRef(
        slug=category.slug,
        name_ko=category.name_ko,
        name_en=category.name_en,
        recyclable=category.recyclable,
    )


def item_ref(item: Item) -> ItemRef:
    """An item as a result shows it."""
    return ItemRef(id=item.id, name_ko=item.name_ko, name_en=item.name_en)


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


def _condition_out(kb: KnowledgeBase, condition: Condition) -> ConditionOut:
    return ConditionOut(
        when=condition.when_ko,
        when_en=condition.when_en,
        category=category_ref(kb.category(condition.category)),
        note=condition.note or None,
    )


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(line for line in lines if line))


def answer(kb: KnowledgeBase, ruling: Ruling) -> GuideOut:
    """Compose the guide from the knowledge base only: steps, warnings, what changes it."""
    item, category, applied = ruling.item, ruling.category, ruling.condition
    own_steps = item.steps if item is not None and applied is None else []
    warnings = list(item.warnings) if item is not None else []
    if applied is not None:
        warnings.insert(0, f"{applied.when_ko}: {direction(category.name_ko)} 배출합니다.")
        if applied.note:
            warnings.insert(1, applied.note)
    elif item is not None and category.recycled_as:
        warnings.append(f"{topic(item.name_ko)} {direction(category.recycled_as)} 재활용됩니다.")
    elif not category.recyclable and item is not None:
        warnings.append(f"{topic(item.name_ko)} 재활용되지 않습니다.")
    check = (applied.district_check if applied else "") or (item.district_check if item else "")
    if check:
        warnings.append(f"지역마다 다릅니다: {check}")
    conditions = [c for c in (item.conditions if item is not None else ()) if c is not applied]
    return GuideOut(
        steps=_unique([*own_steps, *category.steps]),
        warnings=_unique(warnings),
        not_recyclable_if=[
            _condition_out(kb, c)
            for c in conditions
            if category.recyclable and not kb.category(c.category).recyclable
        ],
        other_conditions=[
            _condition_out(kb, c)
            for c in conditions
            if not (category.recyclable and not kb.category(c.category).recyclable)
            and c.category != category.slug
        ],
        exceptions=[
            ExceptionOut(what=nb.what, goes_to=nb.goes_to, reason=nb.reason)
            for nb in category.not_belong
        ],
    )
