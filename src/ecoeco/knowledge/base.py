"""The loaded, validated knowledge base and its lookups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from ecoeco.knowledge.schema import Category, ImagenetEntry, Item


class KnowledgeBase:
    """Read-only disposal knowledge: categories, items and the ImageNet label map."""

    def __init__(
        self,
        categories: Sequence[Category],
        items: Sequence[Item],
        imagenet: Sequence[ImagenetEntry],
        version: str,
    ) -> None:
        self._categories = tuple(categories)
        self._items = tuple(items)
        self._by_slug = {c.slug: c for c in self._categories}
        self._by_id = {i.id: i for i in self._items}
        self._by_category: dict[str, tuple[Item, ...]] = {
            c.slug: tuple(i for i in self._items if i.category == c.slug) for c in self._categories
        }
        self._imagenet = {e.index: e for e in imagenet}
        self.version = version

    @property
    def categories(self) -> tuple[Category, ...]:
        """Categories in display order."""
        return self._categories

    @property
    def items(self) -> tuple[Item, ...]:
        """All items in file order."""
        return self._items

    @property
    def imagenet(self) -> Mapping[int, ImagenetEntry]:
        """ImageNet-1k class index -> waste meaning (only classes that have one)."""
        return MappingProxyType(self._imagenet)

    def category(self, slug: str) -> Category:
        """The category with this slug; raises KeyError if unknown."""
        return self._by_slug[slug]

    def has_category(self, slug: str) -> bool:
        """Whether a category with this slug exists."""
        return slug in self._by_slug

    def item(self, item_id: str) -> Item:
        """The item with this id; raises KeyError if unknown."""
        return self._by_id[item_id]

    def has_item(self, item_id: str) -> bool:
        """Whether an item with this id exists."""
        return item_id in self._by_id

    def items_in(self, slug: str) -> tuple[Item, ...]:
        """Items whose default category is `slug`; raises KeyError if unknown."""
        return self._by_category[slug]

    def imagenet_target(self, index: int) -> tuple[Item | None, Category] | None:
        """The item (if specific) and category an ImageNet class means, or None."""
        entry = self._imagenet.get(index)
        if entry is None:
            return None
        item = self._by_id[entry.item] if entry.item else None
        slug = entry.category or (item.category if item else None)
        if slug is None:  # pragma: no cover - prevented by the validator
            return None
        return item, self._by_slug[slug]

    def __repr__(self) -> str:
        return (
            f"KnowledgeBase(version={self.version!r}, categories={len(self._categories)}, "
            f"items={len(self._items)})"
        )
