"""The words of the states conditions name: ways of saying one state, dirt and what soils.

Data only; `conditions.py` reads queries with them.
"""

from __future__ import annotations

from collections.abc import Iterable

from ecoeco.knowledge.schema import Condition

# Denying a word asserts its opposite: "씻지 않은", "unwashed" say dirty (a condition with
# one of these keywords); "투명하지 않은", "not clear" say coloured.
DIRT_KEYWORDS = frozenset({"오염", "더러운", "안씻은", "dirty", "이물질"})
OPPOSITES = (
    (
        ("씻은", "씻어", "씻지", "씻긴", "헹군", "헹궈", "헹구지", "세척", "깨끗", "clean",
         "cleaned", "washed", "rinsed"),
        DIRT_KEYWORDS,
    ),
    (("투명", "무색", "clear", "transparent"), frozenset({"색깔", "유색", "컬러", "colored"})),
)  # fmt: skip
# Everyday words for a keyword that are too short to be keywords themselves (whole words only).
ALIASES = {
    "대형": ("큰", "크면"),
    "커다란": ("큰", "크면"),
    "부풀": ("불룩", "볼록", "팽창", "빵빵"),
    "새는": ("누액", "샌", "새서"),
    "젖은": ("축축한", "눅눅한", "곰팡이"),
    "심지": ("심",),  # "옥수수 먹고 남은 심"
}
# Ways of saying one state: a condition with a keyword of a family hears all of them
# ("깨진" on one item, "깨져서" on another; "oily" for "greasy").
FAMILIES = (
    ("깨진", "깨짐", "깨졌", "깨져", "깨져서", "깨진거", "깨지면", "깨질", "금간", "금 간",
     "금이 간", "조각난", "이 빠진", "이가 빠진", "깨뜨린", "깨트린", "깨먹은", "박살", "산산조각",
     "broken", "broke", "cracked", "shattered", "crack", "chipped", "smashed", "busted"),
    ("젖은", "젖어", "젖었", "젖으면", "물먹은", "물 먹은", "물에 불은", "물에 불어", "빗물",
     "비 맞은", "wet", "soggy", "damp", "soaked", "drenched", "waterlogged"),
    ("기름", "기름진", "기름기", "greasy", "grease", "oily"),
    ("부풀", "부푼", "부풀어", "빵빵한", "swollen", "bulging", "puffed", "bloated", "puffy"),
    ("오염", "더러운", "곰팡이", "곰팡", "dirty", "soiled", "stained", "stains", "moldy", "mouldy"),
    ("새는", "액이 샌", "누액", "샜어", "샜다", "샜는", "leaking", "leaked", "leaky"),
)  # fmt: skip
# Words that say something is smeared on it: they assert the item's dirt condition.
DIRT_WORDS = (
    "묻은", "묻어", "묻었", "얼룩", "찌든", "범벅", "밴", "배인", "배어", "배서", "배었", "뱄",
    "곰팡이", "stained",
    "soiled", "smeared", "moldy", "기름진", "기름때", "기름기", "greasy", "oily",
)  # fmt: skip

# A smell is what soaked in ("김치 냄새 밴", "냄새가 배인"): no soil, the container sorts as clean.
SMELLS = ("냄새", "향이", "향기", "smell", "odor", "odour")


# Recyclables with something stuck on that will not come off ("양념이 안 지워지는 반찬통")
# go in the general bag: the guideline takes only what can be cleaned.
CLEANABLE = frozenset(
    {"paper", "paper_pack", "clear_pet", "plastic", "vinyl", "styrofoam", "glass"}
)
STUCK_DIRT = Condition(
    when_ko="음식물 등 이물질이 씻어도 지워지지 않는 것",
    when_en="soiled with something that does not wash off",
    category="general",
    note="깨끗이 씻어지지 않는 것은 재활용되지 않아 종량제봉투에 넣습니다.",
)
SOILS = (
    "양념", "기름", "음식", "국물", "소스", "얼룩", "김치", "김칫", "카레", "고춧가루", "이물질",
    "찌꺼기", "치즈", "케첩", "마요네즈", "고추장", "된장", "핏물", "페인트", "물감", "접착제",
    "본드", "잉크", "grease", "food", "sauce", "stain", "oil", "cheese", "ketchup", "mayo", "blood",
    "paint", "glue", "ink",
)  # fmt: skip
# Words that say something is stuck on it, but only of a named soil ("치즈가 붙은", "cheese
# stuck on it", "김치 국물 물든", "국물에 빨개진"): a label stuck on a bottle or a box covered
# in tape is clean.
SOIL_SMEARS = (
    "물든", "물들", "붙은", "붙었", "눌어붙", "자국", "빨개진", "빨갛게", "누래진", "누렇게",
    "stuck", "caked", "covered", "crusted",
)  # fmt: skip
# A stain named by its colour or its juice, glued or not ("빨간 물이 안 빠지는", "김칫물 든").
STAIN_PHRASES = ("빨간물", "김칫물", "김치물", "고춧물", "양념물", "카레물", "색이배", "물이들")


# What the guideline says of all paper and all cleanable recyclables, for the items that
# state no condition of that kind themselves: wet or greasy paper ("물에 젖은 책", "greasy
# paper bag") and a recyclable said to be dirty ("dirty plastic container") go in the bag.
def family(word: str) -> tuple[str, ...]:
    return next(f for f in FAMILIES if word in f)


def _to_bag(when_ko: str, when_en: str, note: str, keywords: Iterable[str]) -> Condition:
    return Condition(
        when_ko=when_ko, when_en=when_en, category="general", note=note, keywords=list(keywords)
    )


SHARED = (
    (
        _to_bag("물에 젖은 종이", "wet paper", "젖은 종이는 재활용되지 않아 종량제봉투에 넣습니다.",
                family("젖은")),
        frozenset({"paper"}),
    ),
    (
        _to_bag("기름이 밴 종이", "greasy paper",
                "기름이 밴 부분은 재활용되지 않아 종량제봉투에 넣습니다.", family("기름")),
        frozenset({"paper"}),
    ),
    (
        _to_bag("깨진 유리병", "broken glass bottle",
                "깨진 유리는 재활용되지 않습니다. 신문지에 싸서 종량제봉투에 넣습니다.",
                family("깨진")),
        frozenset({"glass"}),
    ),
    (
        _to_bag("젖거나 더러워진 옷·천", "wet or soiled textiles",
                "젖거나 곰팡이가 핀 옷과 천은 의류수거함이 받지 않아 종량제봉투에 넣습니다.",
                [*family("젖은"), *family("오염")]),
        frozenset({"textile"}),
    ),
    (
        _to_bag("이물질로 더러워진 것", "dirty",
                "씻어서 깨끗해지면 분리배출하고, 그렇지 않으면 종량제봉투에 넣습니다.",
                [*family("오염"), "이물질"]),
        CLEANABLE,
    ),
)  # fmt: skip
