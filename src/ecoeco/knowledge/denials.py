"""How people deny, doubt or hedge a condition: the words around a keyword that say it
is absent ("기름 안 묻은", "부풀지 않은", "unbroken", "grease free"), only wondered about
("깨진 건지 모르겠는"), there but stuck ("양념이 안 지워지는") or washed off ("양념 씻어낸").
`conditions.py` reads a query with these; this module holds the vocabulary and the
reading after a Korean keyword.
"""

from __future__ import annotations

import re

# Words before a keyword that deny it: "안 깨진", "not broken", "isn't broken", "no grease".
NOT_BEFORE = frozenset(
    {"안", "못", "not", "no", "never", "without", "non", "isn", "wasn", "aren", "doesn", "didn"}
    | {"don", "hasn", "haven", "t", "nothing"}
)
# Glued to the front of an English keyword: "unbroken", "non-greasy" (split to "non greasy").
NOT_PREFIXES = ("un", "non")
# Verbs saying it was taken off ("양념 싹 씻어낸", "기름 닦아낸"): the soil is gone.
WASHED_OFF = ("씻어낸", "씻어냈", "닦아낸", "닦아냈", "지운", "지웠", "지워낸", "헹궈낸", "긁어낸")
# After a Korean keyword (allowing a particle or ending of up to two syllables):
# "기름 안 묻은", "오염 안 된", "부풀지 않은", "가스 없는", "디지털 아닌", "디지털 말고",
# and a removal done ("양념 싹 씻어낸").
NOT_AFTER = re.compile(
    r"^(안(?![경내마방전주테개약대장쪽에의감])|못(?![난])|않|없|아니|아닌|아님|말고|"
    + "|".join(WASHED_OFF)
    + ")"
)
# Verbs of coming off: "안 지워지는", "안 빠지는", "잘 안 닦이는" deny the removal, not the stain.
REMOVALS = (
    "지워",
    "지우",
    "지워지",
    "빠지",
    "빠져",
    "씻기",
    "씻겨",
    "닦이",
    "닦여",
    "벗겨",
    "떨어지",
)
# English words after a keyword that deny it: "grease free", "broken? no".
NOT_AFTER_EN = frozenset({"free", "less"})
# Hedges: the query wonders rather than says ("깨진 건지 모르겠", "부푼 것 같기도", "maybe broken").
HEDGE_AFTER = re.compile(r"(건지|는지|은지|인지|지도|모르|같기도|같은데|애매|혹시)")
HEDGE_BEFORE = frozenset({"maybe", "possibly", "perhaps", "probably", "혹시", "아마", "아마도"})
# Words saying a container holds nothing: they deny keywords about what is left inside.
EMPTY_WORDS = frozenset({"empty", "emptied", "빈", "빈통", "다쓴", "비운", "비어있는"})
CONTENT_KEYWORDS = ("남은", "남아", "full", "가스", "덜쓴", "안쓴", "left", "remaining")
PARTICLE_MAX = 2  # syllables allowed between a Korean keyword and a following denial
# A word that may stand between a keyword and its denial: "하나 없는", "건 아닌", "전혀 안".
IN_BETWEEN = frozenset(
    {
        "하나",
        "싹",
        "다",
        "깨끗이",
        "말끔히",
        "하나도",
        "전혀",
        "조금도",
        "별로",
        "건",
        "게",
        "거",
        "것",
        "적",
        "데",
        "곳",
        "부분",
        "자국",
    }
)
# "기름 한 방울도 안 묻은", "깨진 곳 하나 없는": a measure of nothing before the denial.
NONE_OF = re.compile(r"^(한|하나|단) ?(방울|점|톨|군데|개|번)?도?$")
STUCK = re.compile(
    r"(안|못)(" + "|".join(REMOVALS) + r")|(" + "|".join(REMOVALS) + r")[가-힣]{0,2}지(않|안|못)"
)
STUCK_EN = re.compile(r"\b(won t|wont|can t|cannot|doesn t|does not|will not) (come|wash|scrub)")


def denied_after(rest: str, following: list[str]) -> bool:
    """A Korean denial right after the keyword: glued, or in the next word or two.

    A denied removal is no denial: "양념이 안 지워지는" says the sauce is there.
    """
    for cut in range(min(len(rest), PARTICLE_MAX) + 1):
        found = NOT_AFTER.match(rest[cut:])
        if found:
            after = rest[cut + len(found.group(0)) :] or "".join(following[:1])
            return not after.startswith(REMOVALS)
    if len(rest) > PARTICLE_MAX + 1:
        return False
    if len(following) > 2 and NONE_OF.match(" ".join(following[:2])):
        following = following[2:]  # "기름 한 방울도 안 묻은"
    elif len(following) > 1 and NONE_OF.match(following[0]):
        following = following[1:]  # "기름 한 점 없는"
    # "기름기 하나 없는", "젖은 건 아닌", "수은 체온계 아닌": one word may stand between.
    if len(following) > 1 and (
        following[0] in IN_BETWEEN or following[1].startswith(("아니", "아닌", "아님", "말고"))
    ):
        following = following[1:]
    found = NOT_AFTER.match(following[0]) if following else None
    if found:
        after = following[0][len(found.group(0)) :] or "".join(following[1:2])
        return not after.startswith(REMOVALS)
    # "부풀어 오르지 않은": an auxiliary verb ending in 지, then 않-.
    return len(following) >= 2 and following[0].endswith("지") and following[1].startswith("않")
