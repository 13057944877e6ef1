"""Text normalisation for Korean and English item names: spacing, case, plurals, jamo."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
FINAL_N, FINAL_RIEUL = 4, 8  # final consonant indexes of ㄴ and ㄹ


def syllable_final(ch: str) -> int:
    """The final consonant index (0: none) of one Hangul syllable; -1 for anything else."""
    if len(ch) != 1 or not HANGUL_FIRST <= ord(ch) <= HANGUL_LAST:
        return -1
    return (ord(ch) - HANGUL_FIRST) % 28


# Phrases that carry no item meaning in questions like "페트병 어떻게 버려요?".
_FILLERS = (
    # a bin guessed in the negative: "닭 뼈 음식물로 버리면 안 되지?"
    "버리면 안 되나요",
    "버리면 안 되죠",
    "버리면 안 되지",
    "버리면 안 돼요",
    "버리면 안 돼",
    "넣으면 안 되나요",
    "넣으면 안 되지",
    "넣으면 안 돼요",
    "넣으면 안 돼",
    "버리면 안되지",
    "버리면 안돼",
    "넣으면 안돼",
    "어떻게 버려야 하나요",
    "어떻게 버려야 해요",
    "어떻게 버려야 돼",
    "어떻게 버리나요",
    "어떻게 버려요",
    "어떻게 버려",
    "어떻게 버리지",
    "버리는 방법",
    "버리려면",
    "버리려고",
    "버릴 때",
    "버리는 법",
    "버리는법",
    "분리수거",
    "분리배출",
    "재활용",
    "버리기",
    "버려요",
    "버리나요",
    "버려도 돼요",
    "버려도 되요",
    "버려도 될까요",
    "버려도 돼",
    "넣어도 돼요",
    "넣어도 되나요",
    "넣어도 돼",
    "버려도 되나요",
    "버리면 되죠",
    "버리면 되지",
    "버리면 돼",
    "버리면 되나요",
    "버려도 되죠",
    "넣으면 되죠",
    "넣으면 되나요",
    "넣으면 돼",
    "버려야 해요",
    "버려야 해",
    "버려야 돼",
    "버릴까",
    "버려",
    "어디에다",  # "어디다": the colloquial "어디에다"
    "어디다",
    "어디에",
    "뭘로",
    "뭐로",
    "어디로",
    "넣어도 됨",
    "버려도 됨",
    "어떻게 해야 돼",
    "어떻게 해야 해",
    "어떻게 하나요",
    "어떻게 하죠",
    "어떻게 해요",
    "어떻게 해",
    "어떡해요",
    "어떡하지",
    "어떡해",
    "어떻게",
    "which bin does",
    "what bin does",
    "which bin for",
    "what bin for",
    "which bin",
    "what bin",
    "how to dispose of",
    "how to dispose",
    "how to recycle",
    "how do i throw away",
    "how should i throw away",
    "how do i get rid of",
    "where do i put",
    "how do i recycle",
    "dispose of",
    "throw away",
    "recycle",
)
_PARTICLES = ("은", "는", "이", "가", "을", "를", "도", "랑")
# Common misspellings of loanwords and everyday words, spelt the standard way wherever they
# occur ("휴대폰 밧테리", "수박껍대기", "패트병"): every variant is two syllables or more
# and is no word of its own.
_SPELLINGS = {
    "배터리": ("밧데리", "밧테리", "밧떼리", "빳데리", "빠떼리", "빠데리", "바테리", "베터리",
               "배러리"),
    "페트": ("패트",),
    "페트병": ("패드병",),
    "스티로폼": ("스치로폼", "스티로폴", "스치로폴", "스트로폼", "스티로품", "스티로퐁",
                 "스티러폼"),
    "프라이팬": ("후라이팬", "프라이펜", "후라이펜", "후라이판", "후라이빤", "프라이판"),
    "매트리스": ("메트리스", "매트레스", "메트레스"),
    "알루미늄": ("알미늄", "알류미늄", "알루미눔", "알미니움", "알루미니움"),
    "껍데기": ("껍대기", "껍떼기", "껍때기", "껍띠기", "껍디기", "겉껍데기"),
    "껍질": ("겉껍질",),  # the outer peel is the peel
    "뽁뽁이": ("뾱뾱이", "뿍뿍이"),
    "소파": ("쇼파", "쏘파", "쑈파"),
    "뼈다귀": ("뼉다구", "뼈다구", "뼉다귀", "뻭다구"),
    "전자레인지": ("전자렌지", "전자랜지", "전자레인찌"),
    "찌꺼기": ("찌거기", "찌끄기", "찌끼기"),
    "뚜껑": ("뚜겅", "뚜캉"),
    "플라스틱": ("프라스틱", "플래스틱", "플라스딕", "플라스틱크"),
    "베개": ("베게", "배게", "배개"),
    "기저귀": ("귀저기", "기저기", "귀저귀"),
    "라벨": ("라밸", "래벨"),
    "봉지": ("속봉지",),  # the inner bag of a boxed food is its bag
    "styrofoam": ("styrofome", "styrafoam", "stryofoam", "styroform"),
    "receipt": ("reciept", "receit", "reciet"),
    # A past tense typed without its double final ("깨졋어", "고장낫어"), and 되/돼 mixed up
    # ("안돼는", "됬어", "못쓰게 됀"): no such syllables are standard spelling.
    "깨졌": ("깨졋",),
    "터졌": ("터졋",),
    "찢어졌": ("찢어졋",),
    "부풀었": ("부풀엇",),
    "고장났": ("고장낫",),
    "됐": ("됬", "됏"),
    "되는": ("돼는",),
    "된": ("됀",),
}  # fmt: skip
_MISSPELT = re.compile(
    "|".join(sorted((v for vs in _SPELLINGS.values() for v in vs), key=len, reverse=True))
)
_STANDARD = {v: standard for standard, vs in _SPELLINGS.items() for v in vs}


# One letter hyphened to a word is part of it: an e-cigarette is no cigarette ("t-shirt").
_LETTER_PREFIX = re.compile(r"\b([a-z])-(?=[a-z])")


def normalize(text: str) -> str:
    """Lower-case, NFKC-fold, reduce punctuation and spacing to single spaces, and spell
    common misspellings the standard way ("밧데리" -> "배터리").
    """
    folded = _LETTER_PREFIX.sub(r"\1", unicodedata.normalize("NFKC", text).lower())
    spaced = _SPACES.sub(" ", _NON_WORD.sub(" ", folded).replace("_", " ")).strip()
    return _MISSPELT.sub(lambda m: _STANDARD[m.group(0)], spaced)


# Words whose singular ends in "ie": their plural drops only the "s".
_IE_WORDS = ("tie", "pie", "cookie", "smoothie", "brownie", "movie", "hoodie", "beanie", "lie")


def singular(word: str) -> str:
    """Crude English singular: bottles -> bottle, batteries -> battery, boxes -> box."""
    if not word.isascii() or len(word) <= 3:
        return word
    if word.endswith("ies"):  # "cable ties" are ties, not "ty"; "cookies" cookies
        return word[:-1] if word[:-1].endswith(_IE_WORDS) else word[:-3] + "y"
    if word.endswith(("atoes", "ngoes")):  # tomatoes, potatoes, mangoes (shoes stay shoe)
        return word[:-2]
    if word.endswith(("sses", "nses", "xes", "ches", "shes")):  # glasses, lenses, boxes
        return word[:-2]
    if word.endswith("ses"):  # cases, vases
        return word[:-1]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def key(text: str) -> str:
    """The comparison key: normalised, English words singular, spaces removed."""
    return "".join(singular(word) for word in normalize(text).split(" "))


# "can you ...", "should I ...": the modal is no can, the pronoun names nothing.
# "can someone pick it up", "can't", "it can be recycled": "can" the verb, never a drink can
# ("a can", "this can be", "soda can" keep it).
_MODAL = re.compile(
    r"\b(?:can|could|should|would|will|may|do|does) (?:i|you|we|they|u|it|he|she|someone|"
    r"somebody|anyone|anybody|people|one)\b|\bcan (?:t|not)\b|\bcannot\b"
    r"|(?<!\bthis )(?<!\bthat )(?<!\bthe )(?<!\ba )(?<!\bmy )\bcan (?=be\b)"
)


def strip_fillers(text: str, *, particles: bool = True) -> str:
    """Remove question phrasing (and a trailing particle), keeping the item words."""
    cleaned = normalize(text)
    for phrase in _FILLERS:
        cleaned = cleaned.replace(phrase, " ")
    cleaned = _MODAL.sub(" ", cleaned)
    words = cleaned.split()
    if words and particles:
        last = words[-1]
        if len(last) > 2 and last.endswith(_PARTICLES) and not last.isascii():
            words[-1] = last[:-1]
    result = " ".join(words)
    return result if result else normalize(text)


# A measure of the thing, not a container of it: "a bag of chicken bones", "bags of leaves",
# "귤 한 봉지", "고추장 한 통" ("an empty bag of chips" and "bag of chips" are the bag). Words
# of a large amount ("lots of", "한 무더기") stay: some rules change with the amount.
_MEASURE = re.compile(
    r"(?<!empty )\b(?:(?:a|an|one|two|some|half a) (?:bag|sack|bunch|handful)|bags|sacks)"
    r" of (?=\w)"
    r"|(?<=\w) (?:한|두|반) ?(?:봉지|봉투|박스|상자|통|바구니|포대|자루)(?= |$)"
)


def without_measure(text: str) -> str:
    """The (normalised) query without a measure of its thing ("a bag of X": X)."""
    return _MEASURE.sub("", text).strip() or text


def to_jamo(text: str) -> str:
    """Decompose Hangul syllables into conjoining jamo so typos cost one letter, not one block."""
    out: list[str] = []
    for char in text:
        code = ord(char)
        if HANGUL_FIRST <= code <= HANGUL_LAST:
            index = code - HANGUL_FIRST
            out.append(chr(0x1100 + index // 588))
            out.append(chr(0x1161 + (index % 588) // 28))
            final = index % 28
            if final:
                out.append(chr(0x11A7 + final))
        else:
            out.append(char)
    return "".join(out)


def ngrams(text: str, size: int = 2) -> set[str]:
    """Character n-grams of `text` with boundary markers."""
    padded = f"^{text}$"
    if len(padded) <= size:
        return {padded}
    return {padded[i : i + size] for i in range(len(padded) - size + 1)}


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance between two short strings.

    Bit-parallel (Myers; Hyyrö's form for edit distance): one column of the distance
    table is a pair of bit vectors over `b`, so each character of `a` costs a few integer
    operations instead of a loop over `b`. The distances are exactly the table's.
    """
    if not b:
        return len(a)
    masks: dict[str, int] = {}
    for i, char in enumerate(b):
        masks[char] = masks.get(char, 0) | (1 << i)
    full = (1 << len(b)) - 1
    last = 1 << (len(b) - 1)
    plus, minus, distance = full, 0, len(b)  # vertical +1 / -1 steps down the column
    for char in a:
        eq = masks.get(char, 0)
        xv = eq | minus
        xh = ((((eq & plus) + plus) & full) ^ plus) | eq
        up = minus | (~(xh | plus) & full)
        down = plus & xh
        if up & last:
            distance += 1
        elif down & last:
            distance -= 1
        up = ((up << 1) | 1) & full
        down = (down << 1) & full
        plus = down | (~(xv | up) & full)
        minus = up & xv
    return distance


def similarity(a: str, b: str) -> float:
    """Edit similarity in [0, 1]: 1 - distance / longer length."""
    longest = max(len(a), len(b))
    return 1.0 - edit_distance(a, b) / longest if longest else 1.0
