"""Round 34: everyday names that were missing (분유통, 송편, 떡국떡, 클립), a clause glued
to a name with its container ("다먹은요플레통"), and the place a thing is put named beside
it ("변기에 버려도 돼?", "음식물쓰레기봉투에 닭뼈 넣어도 돼?")."""

from __future__ import annotations

import pytest

from ecoeco.knowledge import ItemSearch, load_knowledge

SEARCH = ItemSearch(load_knowledge())


def _slug(query: str) -> str | None:
    """The category of the top hit (lexical search), or None for no item."""
    hits = SEARCH.search(query).hits
    return hits[0].category.slug if hits else None


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("분유통", "metal"),  # formula comes in a steel can
        ("분유 다 먹은 통", "metal"),
        ("분유 종이통", "general"),  # the paper composite tube stays apart
        ("분유", "food"),  # the powder itself
        ("송편 남은 거", "food"),
        ("떡국떡", "food"),
        ("클립", "metal"),
        ("압정", "metal"),
        ("클립보드", "general"),  # a board, not a clip
    ],
)
def test_everyday_names_of_round_34(query: str, slug: str) -> None:
    assert _slug(query) == slug
