"""Cross-file consistency checks run after every file parsed on its own."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Generic, TypeVar

from ecoeco.knowledge.errors import Problem
from ecoeco.knowledge.schema import Category, ImagenetEntry, Item
from ecoeco.knowledge.text import key

T = TypeVar("T")


@dataclass(frozen=True)
class Located(Generic[T]):
    """A parsed record with the file and index it came from."""

    file: str
    index: int
    value: T


def check(
    categories: list[Located[Category]],
    items: list[Located[Item]],
    imagenet: list[Located[ImagenetEntry]],
    documents: set[str],
) -> list[Problem]:
    """Every problem that makes the data inconsistent, in file order."""
    problems: list[Problem] = []
    slugs: set[str] = set()
    for loc in categories:
        cat = loc.value
        where = f"categories[{loc.index}] (slug={cat.slug})"
        if cat.slug in slugs:
            problems.append(Problem(loc.file, f"{where}.slug", "duplicate category slug"))
        slugs.add(cat.slug)
    for loc in categories:
        for n, wrong in enumerate(loc.value.not_belong):
            if wrong.goes_to not in slugs:
                field = f"categories[{loc.index}] (slug={loc.value.slug}).not_belong[{n}].goes_to"
                problems.append(Problem(loc.file, field, f"unknown category {wrong.goes_to!r}"))
    problems += _check_items(items, slugs)
    problems += _check_sources(items, documents)
    problems += _check_keywords(items)
    problems += _check_names(items)
    problems += _check_imagenet(imagenet, {loc.value.id: loc.value for loc in items}, slugs)
    return problems


def _check_items(items: list[Located[Item]], slugs: set[str]) -> list[Problem]:
    """Unique ids and known categories on items and their conditions."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for loc in items:
        item = loc.value
        where = f"items[{loc.index}] (id={item.id})"
        if item.id in seen:
            problems.append(
                Problem(loc.file, f"{where}.id", f"duplicate id, first defined in {seen[item.id]}")
            )
        seen.setdefault(item.id, loc.file)
        if item.category not in slugs:
            problems.append(
                Problem(loc.file, f"{where}.category", f"unknown category {item.category!r}")
            )
        for n, cond in enumerate(item.conditions):
            if cond.category not in slugs:
                problems.append(
                    Problem(
                        loc.file,
                        f"{where}.conditions[{n}].category",
                        f"unknown category {cond.category!r}",
                    )
                )
    return problems


def _check_sources(items: list[Located[Item]], documents: set[str]) -> list[Problem]:
    """Every item follows a document listed in sources.yaml."""
    return [
        Problem(
            loc.file,
            f"items[{loc.index}] (id={loc.value.id}).source",
            f"unknown guidance document {loc.value.source_document!r}",
        )
        for loc in items
        if loc.value.source_document not in documents
    ]


def _too_short(word: str) -> bool:
    """A keyword of one Hangul syllable (or under three letters) fires on unrelated words."""
    bare = word.replace(" ", "")
    return len(bare) < (3 if bare.isascii() else 2)


def _check_keywords(items: list[Located[Item]]) -> list[Problem]:
    """Condition keywords must be long enough to mean something on their own."""
    problems: list[Problem] = []
    for loc in items:
        for n, cond in enumerate(loc.value.conditions):
            for word in cond.keywords:
                if _too_short(word):
                    field = f"items[{loc.index}] (id={loc.value.id}).conditions[{n}].keywords"
                    problems.append(Problem(loc.file, field, f"keyword {word!r} is too short"))
    return problems


def _told_apart(a: Item, b: Item) -> bool:
    """Whether a condition on either item leads to the other item's category."""
    return any(c.category == b.category for c in a.conditions) or any(
        c.category == a.category for c in b.conditions
    )


def _check_names(items: list[Located[Item]]) -> list[Problem]:
    """A name shared by items of different categories needs a condition that separates them."""
    owners: dict[str, list[Located[Item]]] = defaultdict(list)
    for loc in items:
        for name in dict.fromkeys(key(n) for n in loc.value.all_names()):
            owners[name].append(loc)
    problems: list[Problem] = []
    for name, locs in owners.items():
        for i, first in enumerate(locs):
            for second in locs[i + 1 :]:
                a, b = first.value, second.value
                if a.category != b.category and not _told_apart(a, b):
                    problems.append(
                        Problem(
                            second.file,
                            f"items[{second.index}] (id={b.id}).names",
                            f"name {name!r} also used by {a.id!r} ({first.file}) in category "
                            f"{a.category!r}, and no condition tells them apart",
                        )
                    )
    return problems


def _check_imagenet(
    entries: list[Located[ImagenetEntry]], items: dict[str, Item], slugs: set[str]
) -> list[Problem]:
    """ImageNet targets and choices must exist; indices must be unique."""
    problems: list[Problem] = []
    seen: set[int] = set()
    for loc in entries:
        entry = loc.value
        where = f"labels[{loc.index}] (index={entry.index})"
        if entry.index in seen:
            problems.append(Problem(loc.file, f"{where}.index", "duplicate ImageNet index"))
        seen.add(entry.index)
        if entry.item is not None and entry.item not in items:
            problems.append(Problem(loc.file, f"{where}.item", f"unknown item {entry.item!r}"))
        if entry.category is not None and entry.category not in slugs:
            problems.append(
                Problem(loc.file, f"{where}.category", f"unknown category {entry.category!r}")
            )
        unknown = [choice for choice in entry.choices if choice not in items]
        if unknown:
            problems.append(Problem(loc.file, f"{where}.choices", f"unknown items {unknown}"))
    return problems
