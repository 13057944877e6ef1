"""One lexical search over the shipped knowledge, built once for the rule tests of this folder."""

from __future__ import annotations

from ecoeco.knowledge import ItemSearch, load_knowledge

SEARCH = ItemSearch(load_knowledge())


def top_slug(query: str) -> str | None:
    """The category of the top hit, or None for no item."""
    hits = SEARCH.search(query).hits
    return hits[0].category.slug if hits else None
