"""Disposal guides and item search answers, built from the knowledge base."""

from __future__ import annotations

from ecoeco.info.errors import BlankQuery, GuideNotFound
from ecoeco.info.finder import ItemFinder
from ecoeco.info.schemas import (
    CategoryRef,
    ConditionOut,
    Guide,
    GuideItem,
    GuideList,
    GuideSummary,
    ItemHit,
    ItemSearchResult,
    MisplacedItem,
)
from ecoeco.knowledge import Category, Condition, Item, KnowledgeBase, SearchHit


def _ref(category: Category) -> CategoryRef:
    return CategoryRef(slug=category.slug, name_ko=category.name_ko, name_en=category.name_en)


def _condition(kb: KnowledgeBase, condition: Condition) -> ConditionOut:
    return ConditionOut(
        when_ko=condition.when_ko,
        when_en=condition.when_en,
        category=_ref(kb.category(condition.category)),
        note=condition.note,
        district_check=condition.district_check,
    )


def _summary(kb: KnowledgeBase, category: Category) -> GuideSummary:
    return GuideSummary(
        slug=category.slug,
        name_ko=category.name_ko,
        name_en=category.name_en,
        parent=category.parent,
        recyclable=category.recyclable,
        item_count=len(kb.items_in(category.slug)),
    )


def _guide_item(kb: KnowledgeBase, item: Item) -> GuideItem:
    return GuideItem(
        id=item.id,
        name_ko=item.name_ko,
        name_en=item.name_en,
        synonyms_ko=list(item.synonyms_ko),
        steps=list(item.steps),
        warnings=list(item.warnings),
        conditions=[_condition(kb, c) for c in item.conditions],
    )


def list_guides(kb: KnowledgeBase) -> GuideList:
    """Every category with its item count, in display order."""
    return GuideList(items=[_summary(kb, c) for c in kb.categories])


def guide(kb: KnowledgeBase, slug: str) -> Guide:
    """The full guide of one category; GuideNotFound for an unknown slug."""
    if not kb.has_category(slug):
        raise GuideNotFound(slug)
    category = kb.category(slug)
    return Guide(
        **_summary(kb, category).model_dump(),
        belongs=list(category.belongs),
        steps=list(category.steps),
        not_belong=[
            MisplacedItem(what=n.what, goes_to=_ref(kb.category(n.goes_to)), reason=n.reason)
            for n in category.not_belong
        ],
        items=[_guide_item(kb, i) for i in kb.items_in(slug)],
    )


def _hit(kb: KnowledgeBase, hit: SearchHit) -> ItemHit:
    item = hit.item
    applied = _condition(kb, hit.condition) if hit.condition else None
    steps = item.steps if item.steps and applied is None else hit.category.steps
    return ItemHit(
        id=item.id,
        name=item.name_ko,
        name_en=item.name_en,
        category=_ref(hit.category),
        conditions=[_condition(kb, c) for c in hit.conditions],
        applied_condition=applied,
        unsure_condition=_condition(kb, hit.unsure) if hit.unsure else None,
        steps=list(steps),
        warnings=list(item.warnings),
        district_check=(hit.condition.district_check if hit.condition else "")
        or item.district_check,
        score=hit.score,
        match=hit.match,
    )


async def search_items(finder: ItemFinder, query: str, limit: int) -> ItemSearchResult:
    """Ranked items for a query in Korean or English; suggestions when nothing fits."""
    text = query.strip()
    if not any(ch.isalnum() for ch in text):
        raise BlankQuery()
    result = await finder.search(text, limit)
    return ItemSearchResult(
        query=text,
        items=[_hit(finder.kb, h) for h in result.hits],
        suggestions=list(result.suggestions),
    )
