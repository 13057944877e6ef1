"""Parts by analogy: a part (or the packaging) of a thing goes where its siblings' goes.

"멜론 껍질" names no item, but 멜론 is one of the fruits, and the names "수박 껍질",
"바나나 껍질", "사과 껍질" ... all belong to one item (soft fruit peels, food), while only
"파인애플 껍질" belongs to the hard peels. So a melon peel is a soft fruit peel; "꽃게
껍질" is a crab shell like "대게 껍데기", "대파 껍질" a vegetable peel. The analogy is read
from the names themselves: every name "<X> <part>" whose X is a name of item A votes
for its own item as "the <part> of A".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

# Spellings of the parts people ask about, and the part each one means.
_PARTS = {
    "껍데기": "껍질", "껍대기": "껍질", "껍떼기": "껍질", "껍질": "껍질", "껍찔": "껍질",
    "껍딱": "껍질", "겉껍질": "껍질", "속껍질": "껍질", "겉껍데기": "껍질", "씨앗": "씨",
    "씨": "씨", "뼈다귀": "뼈", "뼈다구": "뼈", "뼈": "뼈", "뿌리": "뿌리", "꼭지": "꼭지",
    "내장": "내장", "가시": "가시", "대가리": "대가리", "peel": "껍질", "skin": "껍질",
    "rind": "껍질", "shell": "껍질", "seed": "씨", "pit": "씨", "stone": "씨", "bone": "뼈",
    "root": "뿌리", "stem": "꼭지", "core": "core", "husk": "husk",
    # ... and the packaging of a thing: "라면 포장지" is wrapped like 라면 봉지, "알약 통" is
    # a container like 약통, "고추장 통" like 케첩 통.
    "봉지": "봉지", "봉투": "봉지", "포장지": "봉지", "뚜껑": "뚜껑", "병뚜껑": "뚜껑",
    "마개": "뚜껑",
    "통": "통", "용기": "통", "병": "병", "상자": "상자", "박스": "상자", "곽": "상자",
    "컵": "컵", "캔": "캔", "라벨": "라벨", "bag": "봉지", "wrapper": "봉지", "packet": "봉지",
    "pouch": "봉지", "lid": "뚜껑", "cap": "뚜껑", "bottle": "병", "jar": "jar", "can": "캔",
    "box": "상자", "carton": "carton", "tub": "통", "container": "통", "cup": "컵",
    "label": "라벨",
}  # fmt: skip
_LONGEST_FIRST = sorted(_PARTS, key=len, reverse=True)
# The parts that are packaging: a food's or a medicine's is packaging, not the food (only
# the food-waste bag is food-waste by its name, and it is no sibling of a noodle bag).
PACKAGING = frozenset({"봉지", "뚜껑", "통", "병", "상자", "컵", "캔", "라벨", "jar", "carton"})


def part_of(word: str) -> str | None:
    """The part a whole word names ("껍데기" -> "껍질"), or None."""
    return _PARTS.get(word)


def split_part(word: str) -> tuple[str, str] | None:
    """A glued word "<X><part>" as (X, part) when X has two or more letters ("멜론껍질")."""
    for form in _LONGEST_FIRST:
        if word.endswith(form) and len(word) - len(form) >= 2:
            return word[: -len(form)], _PARTS[form]
    return None


class Analogies:
    """For (item A, part): the item whose names say "<a name of A> <part>" most often."""

    def __init__(self, names: Iterable[tuple[int, str]]) -> None:
        pairs = list(names)
        items_of: dict[str, set[int]] = {}
        for item, key in pairs:
            items_of.setdefault(key, set()).add(item)
        votes: dict[tuple[int, str], Counter[int]] = {}
        for item, key in pairs:
            split = split_part(key)
            if split is None:
                continue
            whole, part = split
            for owner in items_of.get(whole, ()):
                votes.setdefault((owner, part), Counter())[item] += 1
        self._best: dict[tuple[int, str], int] = {}
        for found, counter in votes.items():
            ranked = counter.most_common(2)
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:  # a tie says nothing
                self._best[found] = ranked[0][0]

    def item_for(self, owner: int, part: str) -> int | None:
        """The item holding "<owner> <part>" by analogy, if the names agree on one."""
        return self._best.get((owner, part))
