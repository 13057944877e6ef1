"""Generated sweeps over item search: whole classes of hard queries, not one case at a time.

Each sweep builds queries from the knowledge's names and the guidance's rules and says
which categories are right for each; a query is then *right* (top-1 category allowed),
*unsure* (no item: "not sure" with suggestions, acceptable) or *wrong* (a confident
answer in another category, the dangerous outcome).

- `names`: every name of every item as written: the item's category (the ground
  the typos stand on).
- `typos`: realistic misspellings of each item's Korean name and main synonyms (a
  dropped or swapped 받침, ㅐ/ㅔ, ㅓ/ㅗ, doubled or undoubled consonants, plain or
  aspirated ones and ㅗ/ㅛ as loanwords are spelt by ear, 되/돼, a space added or
  removed, one syllable dropped from a word of 4+): the item's category.
- `english`: the item's plain English name with everyday modifiers ("old", "used",
  "empty" containers, plurals, "a bag of" food): the item's category.
- `packaging`: content x container ("김치 통", "medicine box"): the container's bins,
  never the content's; the bare solid food or medicine keeps its own bin.
- `negation`: an item with a condition asserted ("깨진 소주병"), denied ("안 깨진
  소주병") and absent: the condition's category, then the item's twice.

The expectations come from the item's own category and conditions (the guidance as
the data records it) and from the container rules below, never from what the search
answers; a query two items would answer differently is left out as ambiguous.

python -m tests.eval.sweeps            # rates per sweep and kind (lexical stage)
python -m tests.eval.sweeps --wrong 30 # and the first wrong answers of each sweep
python -m tests.eval.sweeps --semantic --sample 1000  # as the endpoint runs (heavy)
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ecoeco.knowledge import ItemSearch, KnowledgeBase, load_knowledge
from ecoeco.knowledge.conditions import HAZARD_WORDS
from ecoeco.knowledge.schema import Item
from ecoeco.knowledge.text import HANGUL_FIRST, HANGUL_LAST, key

RIGHT, UNSURE, WRONG = "right", "unsure", "wrong"


@dataclass(frozen=True)
class Probe:
    """One generated query, the categories a right answer may lead with, and its kind."""

    q: str
    allowed: frozenset[str]
    kind: str
    source: str = ""  # the name or rule it was made from


@dataclass
class Rates:
    """Outcomes per kind, and the wrong answers."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    wrong: list[tuple[Probe, str]] = field(default_factory=list)

    def add(self, probe: Probe, got: str | None) -> None:
        outcome = RIGHT if got in probe.allowed else UNSURE if got is None else WRONG
        for kind in (probe.kind, "all"):
            row = self.counts.setdefault(kind, {RIGHT: 0, UNSURE: 0, WRONG: 0})
            row[outcome] += 1
        if outcome == WRONG:
            self.wrong.append((probe, str(got)))

    def rate(self, outcome: str, kind: str = "all") -> float:
        row = self.counts.get(kind, {})
        total = sum(row.values())
        return row.get(outcome, 0) / total if total else 0.0

    def report(self, title: str) -> str:
        lines = [f"{title}:"]
        for kind, row in sorted(self.counts.items(), key=lambda kv: kv[0] != "all"):
            total = sum(row.values())
            lines.append(
                f"  {kind:<14} n={total:<5} right {row[RIGHT] / total:6.1%}  "
                f"unsure {row[UNSURE] / total:6.1%}  wrong {row[WRONG] / total:6.1%}"
            )
        return "\n".join(lines)


# --- Hangul syllables as (initial, medial, final) indices -------------------------------

_INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_FINALS = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def _split(char: str) -> tuple[int, int, int] | None:
    code = ord(char)
    if not HANGUL_FIRST <= code <= HANGUL_LAST:
        return None
    index = code - HANGUL_FIRST
    return index // 588, (index % 588) // 28, index % 28


def _join(initial: int, medial: int, final: int) -> str:
    return chr(HANGUL_FIRST + initial * 588 + medial * 28 + final)


def _swap(table: str, pairs: str) -> dict[int, int]:
    """Index pairs of `table` letters that people confuse ("ㅐㅔ" -> ㅐ<->ㅔ)."""
    out: dict[int, int] = {}
    for a, b in zip(pairs[::2], pairs[1::2], strict=True):
        out[table.index(a)] = table.index(b)
        out[table.index(b)] = table.index(a)
    return out


_VOWEL_AE = _swap(_MEDIALS, "ㅐㅔㅒㅖㅙㅞ")
_VOWEL_EO = _swap(_MEDIALS, "ㅓㅗ")
_DOUBLE = _swap(_INITIALS, "ㄱㄲㄷㄸㅂㅃㅅㅆㅈㅉ")
# Loanwords spelt by ear: plain and aspirated consonants (빠떼리, 스치로폼, 후라이팬 are
# listed spellings; these are the general case), and ㅗ/ㅛ, ㅓ/ㅕ, ㅜ/ㅠ (쇼파).
_ASPIRATED = _swap(_INITIALS, "ㅂㅍㄷㅌㄱㅋㅈㅊ")
_GLIDE = _swap(_MEDIALS, "ㅗㅛㅓㅕㅜㅠ")
# Finals written differently but sounding alike (낟/낫/낮, 밖/박, 덮/덥).
_FINAL_ALIKE = _swap(_FINALS, "ㅅㄷㅈㅊㄱㄲㅂㅍ")


def _syllable_edits(name: str, edit: Callable[[int, int, int], str | None]) -> Iterator[str]:
    """`name` with one syllable edited, in a word of two syllables or more (a one-syllable
    word misspelt is mostly another word: 뼈 -> 벼, 붓 -> 부)."""
    starts = {m.start(): m.end() for m in re.finditer(r"\S+", name)}
    long = {at for s, e in starts.items() if e - s >= 2 for at in range(s, e)}
    for at, char in enumerate(name):
        parts = _split(char)
        if parts is None or at not in long:
            continue
        new = edit(*parts)
        if new is not None and new != char:
            yield name[:at] + new + name[at + 1 :]


def _map(table: dict[int, int], slot: int) -> Callable[[int, int, int], str | None]:
    def edit(i: int, m: int, f: int) -> str | None:
        parts = [i, m, f]
        if parts[slot] not in table or (slot == 2 and f == 0):
            return None
        parts[slot] = table[parts[slot]]
        return _join(*parts)

    return edit


def _drop_final(i: int, m: int, f: int) -> str | None:
    return _join(i, m, 0) if f else None


def typos(name: str) -> dict[str, list[str]]:
    """Realistic misspellings of a Korean name, by kind (each distinct from the name)."""
    out: dict[str, list[str]] = {
        "batchim_drop": list(_syllable_edits(name, _drop_final)),
        "batchim_swap": list(_syllable_edits(name, _map(_FINAL_ALIKE, 2))),
        "ae_e": list(_syllable_edits(name, _map(_VOWEL_AE, 1))),
        "eo_o": list(_syllable_edits(name, _map(_VOWEL_EO, 1))),
        "double": list(_syllable_edits(name, _map(_DOUBLE, 0))),
        "aspirated": list(_syllable_edits(name, _map(_ASPIRATED, 0))),
        "glide": list(_syllable_edits(name, _map(_GLIDE, 1))),
        "doe_dwae": [name.replace(a, b) for a, b in (("되", "돼"), ("돼", "되")) if a in name],
    }
    words = name.split()
    spaces: list[str] = []
    if len(words) > 1:
        spaces.append(name.replace(" ", ""))
    for n, word in enumerate(words):
        if len(word) >= 4:  # "스티로폼" -> "스티 로폼"
            half = len(word) // 2
            spaces.append(" ".join([*words[:n], word[:half], word[half:], *words[n + 1 :]]))
    out["space"] = spaces
    drops: list[str] = []
    for n, word in enumerate(words):
        if len(word) >= 4 and all(_split(c) for c in word):
            for at in range(1, len(word)):  # the first syllable is rarely the one lost
                drops.append(" ".join([*words[:n], word[:at] + word[at + 1 :], *words[n + 1 :]]))
    out["syllable_drop"] = drops
    return {kind: [v for v in dict.fromkeys(vs) if v != name] for kind, vs in out.items()}


def _korean(name: str) -> bool:
    return any(_split(c) for c in name)


def _owners(kb: KnowledgeBase) -> dict[str, set[str]]:
    """The categories each name key leads to (a key two categories share is ambiguous)."""
    owners: dict[str, set[str]] = {}
    for item in kb.items:
        for name in item.all_names():
            owners.setdefault(key(name), set()).add(item.category)
    return owners


def _probes_unique(probes: list[Probe]) -> list[Probe]:
    """Drop queries generated with different expectations (ambiguous) and repeats."""
    allowed: dict[str, set[frozenset[str]]] = {}
    for p in probes:
        allowed.setdefault(p.q, set()).add(p.allowed)
    seen: set[str] = set()
    out: list[Probe] = []
    for p in probes:
        if len(allowed[p.q]) == 1 and p.q not in seen:
            seen.add(p.q)
            out.append(p)
    return out


def _words_of_names(kb: KnowledgeBase) -> set[str]:
    return {w for item in kb.items for name in item.all_names() for w in name.split()}


def _plain_names(owners: dict[str, set[str]], item: Item, names: list[str]) -> list[str]:
    """The names that lead to the item's own category: no other category shares one, and
    none holds a keyword of the item's conditions ("전자피아노" is the digital piano)."""
    keywords = [key(k) for c in item.conditions for k in c.keywords]
    return [
        n
        for n in names
        if owners[key(n)] == {item.category} and not any(k and k in key(n) for k in keywords)
    ]


def typo_probes(kb: KnowledgeBase, synonyms: int = 2) -> list[Probe]:
    """Misspellings of each item's Korean name and first synonyms, 3+ syllables long.

    A variant that is some item's name, or whose misspelt word is a word of some name
    ("김 용기" -> "김 옹기", "유리" -> "우리"), could mean either: it is left out.
    """
    owners = _owners(kb)
    vocabulary = _words_of_names(kb)
    probes: list[Probe] = []
    for item in kb.items:
        names = [item.name_ko, *item.synonyms_ko[:synonyms]]
        for name in _plain_names(owners, item, names):
            if len(key(name)) < 3 or not _korean(name):
                continue
            for kind, variants in typos(name).items():
                for variant in variants:
                    if key(variant) in owners and key(variant) != key(name):
                        continue
                    changed = set(variant.split()) - set(name.split())
                    if kind != "space" and changed & vocabulary:
                        continue
                    probes.append(Probe(variant, frozenset({item.category}), kind, name))
    return _probes_unique(probes)


def name_probes(kb: KnowledgeBase) -> list[Probe]:
    """Every plain name of every item, as it is written: the item's category (a name two
    categories share, or one holding a condition keyword, is left out)."""
    owners = _owners(kb)
    probes = [
        Probe(name, frozenset({item.category}), "korean" if _korean(name) else "english", name)
        for item in kb.items
        for name in _plain_names(owners, item, item.all_names())
    ]
    return _probes_unique(probes)


# --- English --------------------------------------------------------------------------

CONTAINER_BINS = frozenset({"plastic", "clear_pet", "glass", "metal", "paper_pack", "styrofoam"})
_STATE_WORDS = ("broken", "crack", "full", "empty", "dirty", "wet", "leak", "swollen")


def plural(phrase: str) -> str:
    """The phrase with its last word in the plural (box -> boxes, battery -> batteries)."""
    words = phrase.split()
    last = words[-1]
    if last.endswith("s"):
        return phrase
    if last.endswith(("x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def _condition_words(item: Item) -> str:
    return " ".join(k.lower() for c in item.conditions for k in (*c.keywords, c.when_en))


def english_probes(kb: KnowledgeBase) -> list[Probe]:
    """The first English name, plain and with modifiers the guidance says change nothing.

    "old" and "used" change no bin; "empty" is the normal state of a recyclable
    container; "plastic" restates a plastic item; a plural is the same thing; "a bag of"
    food or general waste is that waste. A modifier one of the item's conditions reads
    (a "used" or "empty" condition of its own) is not used on it.
    """
    probes: list[Probe] = []
    owners = _owners(kb)
    for item in kb.items:
        name = item.name_en.lower()
        if not _plain_names(owners, item, [item.name_en]):
            continue
        allowed = frozenset({item.category})
        said = _condition_words(item)
        forms = {"plain": name, "plural": plural(name), "old": f"old {name}"}
        if item.category not in ("food", "hazardous"):
            forms["used"] = f"used {name}"
        if item.category in CONTAINER_BINS and not name.startswith("empty"):
            forms["empty"] = f"empty {name}"
        if item.category == "plastic" and "plastic" not in name:
            forms["plastic"] = f"plastic {name}"
        if item.category in ("food", "general") and not item.id.endswith(("bag", "wrap")):
            forms["bag_of"] = f"a bag of {name}"
        for kind, q in forms.items():
            if kind not in ("plain", "plural") and kind in said:
                continue
            if any(w in q and w not in name for w in _STATE_WORDS if w != kind):
                continue
            probes.append(Probe(q, allowed, kind, name))
    return _probes_unique(probes)


def english_gaps(kb: KnowledgeBase) -> list[str]:
    """Items without a plain English name: one to three lower-case words."""
    plain = re.compile(r"^[a-z][a-z'-]*( [a-z][a-z'-]*){0,2}$")
    return [i.id for i in kb.items if not any(plain.match(n) for n in i.names_en)]


# --- Packaging versus contents --------------------------------------------------------

# Where each container goes when it is empty, by the separation guideline: a bottle by its
# material, a can is metal, a box paper (a fish box may be styrofoam), a snack bag vinyl,
# a lid plastic or metal, a label vinyl or paper, a tube plastic (or the bag when it
# cannot be washed), a tray plastic or styrofoam, a wrapper vinyl or paper.
CONTAINERS_KO = {
    "병": frozenset({"glass", "plastic", "clear_pet"}),
    "캔": frozenset({"metal"}),
    "상자": frozenset({"paper", "styrofoam"}),
    "박스": frozenset({"paper", "styrofoam"}),
    "봉지": frozenset({"vinyl"}),
    "봉투": frozenset({"vinyl", "paper"}),
    "뚜껑": frozenset({"plastic", "metal"}),
    "라벨": frozenset({"vinyl", "paper", "general"}),
    "용기": frozenset({"plastic", "glass", "styrofoam", "paper"}),
    "통": frozenset({"plastic", "metal", "glass"}),
    "튜브": frozenset({"plastic", "general"}),
    "팩": frozenset({"paper_pack", "vinyl", "plastic", "paper"}),  # pulp egg packs are paper
    "트레이": frozenset({"plastic", "styrofoam", "paper"}),
    "포장지": frozenset({"vinyl", "paper"}),
}
CONTAINERS_EN = {
    "bottle": CONTAINERS_KO["병"],
    "can": CONTAINERS_KO["캔"],
    "box": CONTAINERS_KO["상자"],
    "bag": CONTAINERS_KO["봉투"],
    "lid": CONTAINERS_KO["뚜껑"],
    "label": CONTAINERS_KO["라벨"],
    "tube": CONTAINERS_KO["튜브"],
    "tray": CONTAINERS_KO["트레이"],
    "wrapper": CONTAINERS_KO["포장지"],
}
# What people buy in containers, written from the guidance's examples (not the data):
# (Korean, English, the bin of the bare solid content or None when it is a liquid or
# cosmetic whose bare name has no one answer, which containers it comes in).
_SNACKS = ("봉지", "상자", "박스", "포장지", "봉투")
_DRINKS = ("병", "캔", "뚜껑", "라벨")
CONTENTS: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("김치", "kimchi", "food", ("통", "용기", "봉지", "봉투")),
    ("고추장", "gochujang", None, ("통", "용기", "뚜껑")),
    ("된장", "soybean paste", None, ("통", "용기", "뚜껑")),
    ("간장", "soy sauce", None, ("병", "뚜껑", "라벨", "통")),
    ("식용유", "cooking oil", None, ("병", "통", "뚜껑", "라벨")),
    ("참기름", "sesame oil", None, ("병", "뚜껑", "라벨")),
    ("잼", "jam", None, ("병", "뚜껑", "라벨")),
    ("꿀", "honey", None, ("병", "통", "뚜껑")),
    ("마요네즈", "mayonnaise", None, ("통", "뚜껑", "튜브", "병")),
    ("케첩", "ketchup", None, ("통", "뚜껑", "병")),
    ("우유", "milk", None, ("팩", "병")),  # a milk or yogurt lid may be a foil seal
    ("요구르트", "yogurt", None, ("병", "용기")),
    ("주스", "juice", None, (*_DRINKS, "팩")),
    ("콜라", "cola", None, _DRINKS),
    ("맥주", "beer", None, ("병", "캔", "뚜껑", "라벨")),
    ("참치", "tuna", "food", ("캔", "통", "뚜껑", "상자")),
    ("햄", "ham", "food", ("캔", "통", "뚜껑", "상자")),
    ("라면", "instant noodles", "food", ("봉지", "상자", "박스", "포장지", "용기")),
    ("과자", "snacks", "food", _SNACKS),
    ("사탕", "candy", "food", ("봉지", "포장지", "통", "상자")),
    ("초콜릿", "chocolate", "food", ("포장지", "상자", "박스", "봉지")),
    ("빵", "bread", "food", ("봉지", "봉투", "상자", "포장지")),
    ("떡", "rice cake", "food", ("팩", "상자", "용기", "포장지")),
    ("두부", "tofu", "food", ("팩", "용기", "트레이")),
    ("계란", "eggs", None, ("상자", "박스", "팩", "트레이")),
    ("고기", "meat", "food", ("트레이", "포장지", "팩", "상자")),
    ("생선", "fish", "food", ("상자", "박스", "트레이", "포장지")),
    ("사과", "apples", "food", ("상자", "박스", "봉지", "트레이")),
    ("딸기", "strawberries", "food", ("팩", "용기", "상자")),
    ("아이스크림", "ice cream", None, ("통", "포장지", "용기", "봉지")),
    ("커피", "coffee", None, ("캔", "병", "뚜껑", "봉투", "팩")),
    ("쌀", "rice", "food", ("봉투", "포대")),
    ("시리얼", "cereal", "food", ("상자", "박스", "봉지")),
    ("피자", "pizza", "food", ("상자", "박스")),
    ("치킨", "fried chicken", "food", ("상자", "박스", "봉투")),
    ("감기약", "cold medicine", "hazardous", ("상자", "병", "봉투")),
    ("알약", "pills", "hazardous", ("상자", "병", "통")),
    ("영양제", "vitamins", "hazardous", ("통", "병", "상자", "뚜껑")),
    ("시럽", "syrup", None, ("병", "뚜껑")),
    ("샴푸", "shampoo", None, ("통", "병", "뚜껑", "라벨")),
    ("로션", "lotion", None, ("병", "통", "뚜껑", "상자")),
    ("향수", "perfume", None, ("병", "상자", "박스")),
    ("치약", "toothpaste", None, ("튜브", "상자", "뚜껑")),
    ("세제", "detergent", None, ("통", "병", "뚜껑", "봉지")),
)
# A material stated with the container says its bin, for the containers where the
# guideline leaves no doubt (a glass food container may be heat-resistant glass, a paper
# pack a carton, a paper cup coated: those are left out).
_MATERIALS_KO = {
    "종이": (("상자", "박스", "봉투", "포대"), frozenset({"paper"})),
    "플라스틱": (("통", "병", "뚜껑", "용기", "트레이"), frozenset({"plastic", "clear_pet"})),
    "유리": (("병",), frozenset({"glass"})),
}
_EN_OF = {"병": "bottle", "캔": "can", "상자": "box", "박스": "box", "봉지": "bag",
          "봉투": "bag", "뚜껑": "lid", "라벨": "label", "튜브": "tube", "트레이": "tray",
          "포장지": "wrapper"}  # fmt: skip


def packaging_probes(kb: KnowledgeBase) -> list[Probe]:
    """Content x container in Korean (glued, spaced, said to be empty: "빈", "다 먹은",
    "다 쓴") and English, and the bare content.

    A container answer must be one of the container's bins and never the content's own
    bin (food, medicine); the bare solid food or medicine keeps its bin.
    """
    del kb  # the rules are the container table and the contents list above
    probes: list[Probe] = []
    for ko, en, bare, containers in CONTENTS:
        if bare is not None:
            probes.append(Probe(ko, frozenset({bare}), "bare", ko))
            probes.append(Probe(en, frozenset({bare}), "bare", en))
        for word in containers:
            bins = CONTAINERS_KO.get(word, frozenset({"vinyl", "paper"}))  # 포대
            bins -= {"food", "hazardous"}
            probes.append(Probe(f"{ko} {word}", bins, "ko_spaced", ko))
            probes.append(Probe(f"{ko}{word}", bins, "ko_glued", ko))
            for material, (boxes, made) in _MATERIALS_KO.items():  # "종이 쌀 포대"
                if word in boxes:
                    probes.append(Probe(f"{material} {ko} {word}", made, "ko_material", ko))
                    probes.append(Probe(f"{ko} {material} {word}", made, "ko_material", ko))
            used = "다 먹은" if bare == "food" or word in ("캔", "팩") else "다 쓴"
            probes.append(Probe(f"빈 {ko} {word}", bins, "ko_emptied", ko))  # 빈 김치 통
            probes.append(Probe(f"{used} {ko} {word}", bins, "ko_emptied", ko))
            if word in _EN_OF:
                english = _EN_OF[word]
                probes.append(Probe(f"{en} {english}", CONTAINERS_EN[english], "en", en))
                probes.append(Probe(f"empty {en} {english}", CONTAINERS_EN[english], "en", en))
    return _probes_unique(probes)


# --- Conditions asserted, denied, absent ----------------------------------------------

_ADNOMINAL = re.compile(r"[가-힣]*[은는진된푼운른친쓴긴한인간난]$")
_NEGATED = re.compile(r"(안|않|없|아닌|아니|말고|못|not|non|un|never|free|less)")


def deny_ko(keyword: str) -> str | None:
    """Deny a Korean keyword: 안 before its last verb-like word ("기름 묻은": 기름 안 묻은)."""
    words = keyword.split()
    if not words or not _ADNOMINAL.match(words[-1]) or _NEGATED.search(keyword):
        return None
    if len(words[-1]) < 2:
        return None
    return " ".join([*words[:-1], "안", words[-1]])


def deny_en(keyword: str) -> str | None:
    """Deny an English participle or adjective: "broken" -> "not broken"."""
    words = keyword.lower().split()
    if len(words) != 1 or _NEGATED.search(keyword) or not words[0].isalpha():
        return None
    if words[0].endswith(("ed", "en", "y")) and len(words[0]) > 3:
        return f"not {words[0]}"
    return None


# The long denial "-지 않은" of the adnominals conditions use, by Korean grammar.
_LONG_DENIALS = {
    "깨진": "깨지지 않은", "젖은": "젖지 않은", "묻은": "묻지 않은", "부푼": "부풀지 않은",
    "오염된": "오염되지 않은", "찢어진": "찢어지지 않은", "남은": "남지 않은",
    "새는": "새지 않는", "녹슨": "녹슬지 않은", "코팅된": "코팅되지 않은",
    "얼룩진": "얼룩지지 않은", "고장난": "고장나지 않은", "금간": "금 가지 않은",
    "썩은": "썩지 않은", "상한": "상하지 않은", "부서진": "부서지지 않은",
    "구멍난": "구멍나지 않은",
    "곰팡이 핀": "곰팡이 피지 않은", "굳은": "굳지 않은", "터진": "터지지 않은",
}  # fmt: skip
# Words whose denial asserts their opposite ("unwashed" is dirty): no plain denial.
_OPPOSED = frozenset({"washed", "cleaned", "rinsed", "clean", "clear", "transparent"})


def deny_ko_long(keyword: str) -> str | None:
    """Deny a Korean keyword with "-지 않은": "기름 묻은" -> "기름 묻지 않은"."""
    for plain, long in _LONG_DENIALS.items():
        if keyword == plain or keyword.endswith(" " + plain):
            return keyword[: -len(plain)] + long
    return None


def negation_probes(kb: KnowledgeBase) -> list[Probe]:
    """Each condition of each item, asserted, denied and absent, in front of its name.

    Asserted, the condition's category; denied or absent, the item's own. A condition
    that leaves the item's bin unchanged, or whose keyword another condition of the same
    item also reads, is left out; so is a hazardous reading the search must ask about.
    """
    owners = _owners(kb)
    probes: list[Probe] = []
    for item in kb.items:
        if owners[key(item.name_ko)] != {item.category}:
            continue
        read_by: dict[str, set[str]] = {}
        for c in item.conditions:
            for k in c.keywords:
                read_by.setdefault(k, set()).add(c.category)
        for c in item.conditions:
            if c.category == item.category:
                continue
            for k in c.keywords:
                if len(read_by[k]) > 1:
                    continue
                ko = _korean(k)
                name = item.name_ko if ko else item.name_en.lower()
                name = re.sub(r"^(빈|empty) ", "", name)  # "약이 남은 빈 물약병" contradicts itself
                if key(k) in key(name) or k in HAZARD_WORDS:  # 수은: the search asks
                    continue
                denial = deny_ko(k) if ko else deny_en(k)
                if denial is None:
                    continue
                kind = "ko" if ko else "en"
                said, plain = frozenset({c.category}), frozenset({item.category})
                probes.append(Probe(f"{k} {name}", said, f"{kind}_asserted", k))
                probes.append(Probe(f"{denial} {name}", plain, f"{kind}_denied", k))
                probes.append(Probe(name, plain, f"{kind}_absent", k))
                if ko:  # "소주병 깨진 거", "소주병 안 깨진 거", "깨지지 않은 소주병"
                    probes.append(Probe(f"{name} {k} 거", said, "ko_after_asserted", k))
                    probes.append(Probe(f"{name} {denial} 거", plain, "ko_after_denied", k))
                    long = deny_ko_long(k)
                    if long is not None:
                        probes.append(Probe(f"{long} {name}", plain, "ko_ji_anh_denied", k))
                elif k.lower() not in _OPPOSED:  # "unbroken soju bottle", "... that isn't broken"
                    probes.append(Probe(f"un{k.lower()} {name}", plain, "en_un_denied", k))
                    probes.append(Probe(f"{name} that is not {k}", plain, "en_after_denied", k))
    return _probes_unique(probes)


SWEEPS: dict[str, Callable[[KnowledgeBase], list[Probe]]] = {
    "names": name_probes,
    "typos": typo_probes,
    "english": english_probes,
    "packaging": packaging_probes,
    "negation": negation_probes,
}


def run(search: ItemSearch, probes: list[Probe]) -> Rates:
    """Ask every probe (lexical stage unless the search has a built index)."""
    rates = Rates()
    for probe in probes:
        hits = search.search(probe.q).hits
        rates.add(probe, hits[0].category.slug if hits else None)
    return rates


def sample(probes: list[Probe], size: int, seed: int = 16) -> list[Probe]:
    """A fixed sample of `size` probes (all when fewer), the same on every run."""
    if len(probes) <= size:
        return probes
    return random.Random(seed).sample(probes, size)


def _searcher(semantic: bool) -> tuple[KnowledgeBase, ItemSearch]:
    """The lexical search, or the one `GET /info/items` runs: shared index, built and warm."""
    if not semantic:
        kb = load_knowledge()
        return kb, ItemSearch(kb)
    from ecoeco.composition import Shared  # the model loads only when asked for
    from tests.eval.run import CACHE

    shared = Shared(CACHE)
    search = ItemSearch(shared.knowledge, index=shared.index, names=shared.names)
    search.warm()
    return shared.knowledge, search


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wrong", type=int, default=0, help="wrong answers to list per sweep")
    parser.add_argument("--only", choices=list(SWEEPS), action="append")
    parser.add_argument("--semantic", action="store_true", help="with the embedding stage")
    parser.add_argument("--sample", type=int, default=0, help="at most this many per sweep")
    args = parser.parse_args()
    kb, search = _searcher(args.semantic)
    for name, build in SWEEPS.items():
        if args.only and name not in args.only:
            continue
        probes = build(kb)
        probes = sample(probes, args.sample) if args.sample else probes
        rates = run(search, probes)
        print(rates.report(f"{name} ({len(probes)} queries)"))  # noqa: T201
        wrong = rates.wrong if args.wrong < 0 else rates.wrong[: args.wrong]
        for probe, got in wrong:
            allowed = "/".join(sorted(probe.allowed))
            print(f"    [{probe.kind}] {probe.q!r} -> {got} (want {allowed})")  # noqa: T201
    gaps = english_gaps(kb)
    print(f"items without a plain English name: {len(gaps)} {gaps[:20]}")  # noqa: T201


if __name__ == "__main__":
    main()
