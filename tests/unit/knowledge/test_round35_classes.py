"""Round 35: repair and household leftovers that had no name (사포, 모기장, 폐목재,
나사못) and a used-up sealant tube, which is household waste, not construction waste."""

from __future__ import annotations

import pytest

from ecoeco.knowledge import ItemSearch, load_knowledge

SEARCH = ItemSearch(load_knowledge())


def _slug(query: str) -> str | None:
    hits = SEARCH.search(query).hits  # lexical search: the top hit's category
    return None if not hits else hits[0].category.slug


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("사포", "general"),  # abrasive grit on paper: no paper recycling
        ("sandpaper", "general"),
        ("모기장", "general"),
        ("mosquito net", "general"),
        ("폐목재 조각", "general"),  # small offcuts go in the bag
        ("자투리 나무", "general"),
        ("나사못 남은거", "metal"),
        ("다 쓴 실리콘 튜브", "general"),  # one empty tube is no construction waste
        ("실리콘 튜브", "construction"),  # sealant left from a job stays construction
    ],
)
def test_repair_leftovers_of_round_35(query: str, slug: str) -> None:
    assert _slug(query) == slug
