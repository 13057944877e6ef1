"""Item search: exact, synonym, typo/spacing variations, conditions, semantic fallback."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import yaml

from ecoeco.knowledge import ItemSearch, load_knowledge
from ecoeco.knowledge.embedding import FloatArray
from ecoeco.knowledge.text import edit_distance, key, strip_fillers, to_jamo

EVAL_FILE = Path(__file__).with_name("eval_items.yaml")


@pytest.fixture(scope="module")
def search() -> ItemSearch:
    return ItemSearch(load_knowledge())


def _top(search: ItemSearch, query: str) -> tuple[str, str, str]:
    hit = search.search(query).hits[0]
    return hit.item.id, hit.category.slug, hit.match


def test_text_helpers() -> None:
    assert key(" Plastic  Bottles! ") == "plasticbottle"
    assert to_jamo("값") == "\u1100\u1161\u11b9"
    assert strip_fillers("페트병은 어떻게 버려요?") == "페트병"


def _table_distance(a: str, b: str) -> int:
    """Levenshtein distance the textbook way (the whole table), to check the fast one."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def test_edit_distance_is_the_levenshtein_table() -> None:
    rnd = random.Random(17)
    for _ in range(5000):
        a = "".join(rnd.choice("abc가ㅏ") for _ in range(rnd.randint(0, 14)))
        b = "".join(rnd.choice("abc가ㅏ") for _ in range(rnd.randint(0, 14)))
        assert edit_distance(a, b) == _table_distance(a, b), (a, b)
    names = [to_jamo(key(item.name_ko)) for item in load_knowledge().items[:80]]
    for a in names:
        for b in names[:20]:
            assert edit_distance(a, b) == _table_distance(a, b)
    assert edit_distance("패트병", "페트병") == 1
    assert edit_distance("", "abc") == edit_distance("abc", "") == 3


def test_exact_and_synonym(search: ItemSearch) -> None:
    assert _top(search, "택배상자") == ("delivery_box", "paper", "exact")
    assert _top(search, "뽁뽁이") == ("bubble_wrap", "vinyl", "synonym")
    assert _top(search, "Pizza Box") == ("pizza_box", "paper", "exact")


def test_spacing_typos_and_partial_words(search: ItemSearch) -> None:
    assert _top(search, "택 배 상 자")[0] == "delivery_box"
    assert _top(search, "패트병")[0] == "clear_pet_bottle"
    assert _top(search, "보조베터리")[0] == "power_bank"
    assert _top(search, "형광둥")[0] == "fluorescent_tube"
    assert _top(search, "뽁뽁")[0] == "bubble_wrap"
    assert _top(search, "plastic bottles")[0] == "clear_pet_bottle"


def test_condition_named_in_query_changes_category(search: ItemSearch) -> None:
    hit = search.search("깨진 소주병").hits[0]
    assert (hit.item.id, hit.category.slug) == ("soju_bottle", "general")
    assert hit.condition is not None
    assert _top(search, "기름 묻은 피자박스")[:2] == ("pizza_box", "general")
    assert _top(search, "대형 베개")[:2] == ("pillow", "bulky")
    assert _top(search, "커다란 베개")[:2] == ("pillow", "bulky")
    assert _top(search, "큰일 난 베개")[:2] == ("pillow", "general")  # no one-syllable keywords
    assert _top(search, "소주병")[:2] == ("soju_bottle", "glass")


def test_nothing_found_gives_suggestions(search: ItemSearch) -> None:
    result = search.search("통은 어떻게 버려?")
    assert result.hits == ()
    assert result.suggestions
    assert "통" in result.suggestions[0]  # 아이스크림 통, not 공 or 국물 a jamo away
    assert search.search("ㅁㄴㅇㄹ").suggestions == ()  # nothing shared, nothing to suggest
    assert search.search("이거 어디에 버려요?").suggestions == ()  # points, names nothing
    assert search.search("   ").hits == ()


def test_eval_top1_accuracy(search: ItemSearch) -> None:
    cases = yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8"))["queries"]
    misses = []
    for case in cases:
        hits = search.search(case["q"]).hits
        if not hits or hits[0].category.slug != case["expect"]:
            misses.append((case["q"], case["expect"], hits[0].item.id if hits else None))
    accuracy = 1 - len(misses) / len(cases)
    print(f"eval top-1 accuracy: {accuracy:.3f} on {len(cases)} queries; misses: {misses}")  # noqa: T201
    assert len(cases) >= 100
    assert accuracy >= 0.90


class FakeEmbedder:
    """Bag-of-characters embedder: deterministic, no model."""

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: list[str]) -> FloatArray:
        self.calls += 1
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for char in text:
                out[row, ord(char) % 64] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        result: FloatArray = (out / np.maximum(norms, 1e-9)).astype(np.float32)
        return result


def test_semantic_fallback_only_when_lexical_is_weak() -> None:
    fake = FakeEmbedder()
    search = ItemSearch(load_knowledge(), fake)
    assert search.search("완전히 상관없는 문장입니다").hits == ()
    assert fake.calls == 0  # the index is not built yet: lexical only
    search.warm()
    assert fake.calls == 1  # every document at once
    assert search.search("택배상자").hits[0].match == "exact"
    assert fake.calls == 1
    search.search("완전히 상관없는 문장입니다")
    assert fake.calls == 2  # then the query


@pytest.mark.slow
def test_e5_semantic_search() -> None:
    from ecoeco.knowledge import E5Embedder

    search = ItemSearch(load_knowledge(), E5Embedder())
    search.warm()
    result = search.search("치킨 먹고 남은 뼈다귀들")
    assert result.hits[0].category.slug == "general"


def test_a_query_that_names_its_item_needs_no_embedding() -> None:
    fake = FakeEmbedder()
    search = ItemSearch(load_knowledge(), fake)
    search.warm()
    calls = fake.calls
    # One item named as a word, nothing near it of another category: no embedding.
    decided = search.search("고장난 선풍기 버리려는데")
    assert (decided.hits[0].item.name_ko, decided.hits[0].match) == ("선풍기", "fuzzy")
    assert search.search("유통기한 지난 약은").hits[0].category.slug == "hazardous"
    assert fake.calls == calls
    # Two named items of different categories close together: the cosines may reorder them.
    search.search("피자 상자 뼈")
    assert fake.calls == calls + 1
    # A material the query states settles it against a box of another: no embedding.
    search.search("스티로폼 상자 테이프 붙은 채로")
    assert fake.calls == calls + 1
    # Nothing named as a word (only a near reading): the semantic stage runs.
    search.search("carry-out coffee cup")
    assert fake.calls == calls + 2


def test_modal_can_names_no_drink_can(search: ItemSearch) -> None:
    """Blind chat measurement, 17:40: "can someone" is the verb; "a can", "soda can" the thing."""
    assert strip_fillers("can someone pick it up for free?") == "pick it up for free"
    assert "can" not in strip_fillers("I can't open it").split()
    assert "can" not in strip_fillers("it can be recycled?").split()
    for query in ("my washing machine broke, can someone pick it up for free?",
                  "my fridge stopped working, can you take it away?"):  # fmt: skip
        assert _top(search, query)[1] == "electronics", query
    for query in ("soda can", "tin can", "empty can", "a can of beans", "empty cans"):
        assert _top(search, query)[1] == "metal", query


def test_a_farewell_names_no_item(search: ItemSearch) -> None:
    """ "잘 자" is good night, not 자 (the ruler); the ruler alone is still a ruler."""
    for query in ("잘 자", "잘자요", "잘 가", "안녕히 주무세요", "굿나잇", "good night"):
        assert not search.search(query).hits, query
    assert _top(search, "자 어떻게 버려?")[1] == "general"


def test_a_used_up_phrase_between_content_and_container(search: ItemSearch) -> None:
    """ "샴푸 다 쓴 통은 어디다 버려?": 다 쓴 goes, 통은 is the container with its particle."""
    for query in ("샴푸 다 쓴 통은 어디다 버려?", "샴푸 다 쓴 통", "세제 다 쓴 통은 어떻게 버려?"):
        assert _top(search, query)[1] == "plastic", query
