"""Lexical evidence for item search: whole names, names as words of the query, typos.

Evidence is graded so the ranking can be honest about it:

- `exact` / `synonym`: the whole query is one of the item's names (1.0 / 0.95);
- a name that is a whole word (or run of words) of the query, higher when it is the
  head noun ("피자 먹고 남은 **상자**", "**box** of pizza"): 0.80-0.95;
- a name at the end of a longer word ("피자**박스**"): 0.76-0.89;
- the query inside a longer name ("뽁뽁" in "뽁뽁이"): weak unless only a letter is
  missing, since "치킨" in "치킨 뼈" is a different thing;
- jamo edit similarity (typos: 패트병 → 페트병), n-gram overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ecoeco.knowledge.analogy import PACKAGING, Analogies, part_of, split_part
from ecoeco.knowledge.conditions import QueryText
from ecoeco.knowledge.errands import CHATTER
from ecoeco.knowledge.partial import glued_inside, in_longer_name
from ecoeco.knowledge.schema import Item
from ecoeco.knowledge.shapes import (
    CONTAINERS,
    CONTENTS,
    LINKING,
    MADE_OF,
    MATERIALS,
    PARTS,
    PAST,
    PREPOSITIONS,
    STILL_INSIDE,
    container,
    denied,
    denied_words,
    droppable,
    forms,
    fronted,
    generic,
    held_first,
    last_thing,
    made_of,
    modifier,
    peeled,
)
from ecoeco.knowledge.text import key, ngrams, similarity, to_jamo

EXACT_SCORE = 1.0
SYNONYM_SCORE = 0.95
REDUCED_SCORE = 0.93  # a name once "빈"/"empty" is dropped from between its words
MADE_SCORE = 0.88  # "종이 쌀 포대" as 종이포대: above a container of another material
ANALOGY_SCORE = 0.92  # "멜론 껍질", "라면 포장지": the item its siblings' parts name
ASKED_MARGIN = 0.03  # contents said to be still inside lead the container this much
CONTENTS_CAP = 0.77  # the food or medicine an unnamed container held: below STRONG
FUZZY_CAP = 0.9
SPELT_CAP = 0.8  # ... when every word is a word of the domain: "생선 상자" is no 생선 창자
CLASH_COST = 0.05  # a guessed item of another material than the query states
MATERIAL_BINS = frozenset({*MADE_OF.values(), "vinyl"})  # bins named by what things are made of
UNSURE_TAIL = 0.77  # a name ending a word whose front means nothing here ("미세먼지"): below STRONG
RERANK = 24  # n-gram candidates re-scored by edit distance
MAX_SPAN_WORDS = 4
WORD_TYPO_COST = 0.06  # a typo-level match of one word of the query, below a whole word
WORD_TYPO_HEAD = 0.02
FUZZY_MEMORY = 8192  # keys whose typo scores are remembered (a query's words recur)
_INSIDE = frozenset({"left", "still", "inside", "full", "remaining"})  # what is in it is named
_LEFT = frozenset({"left", "remaining", "inside"})  # "with jam left in it": the jam is asked
_POURED = "액체는 하수구"  # in the steps of a drink: the liquid goes down the drain


@dataclass(frozen=True)
class _Name:
    """One indexed name of an item."""

    item: int
    key: str
    jamo: str
    primary: bool


@dataclass(frozen=True)
class Evidence:
    """The best lexical evidence for one item: a score in [0, 1] and its kind."""

    score: float
    kind: str  # "exact" | "synonym" | "word" | "fuzzy"
    named: bool = False  # the query names the item: whole query or a whole word of it


class NameIndex:
    """Every name of every item, indexed by key and by jamo bigrams."""

    def __init__(self, items: Sequence[Item]) -> None:
        self.names = self._index_names(items)
        self.categories = [item.category for item in items]
        # Drinks poured down the drain: a cup with coffee left is still asked about as a cup.
        self.poured = {i for i, item in enumerate(items) if any(_POURED in s for s in item.steps)}
        # Materials an item's own conditions handle ("유리로 된 밀폐용기"): stating one is no clash.
        self.handled = [
            {MADE_OF[k] for c in item.conditions for k in c.keywords if k in MADE_OF}
            for item in items
        ]
        self.exact: dict[str, list[int]] = {}
        postings: dict[str, list[int]] = {}
        for n, name in enumerate(self.names):
            self.exact.setdefault(name.key, []).append(n)
            for gram in ngrams(name.jamo):
                postings.setdefault(gram, []).append(n)
        self._postings = {g: np.asarray(ids, dtype=np.int32) for g, ids in postings.items()}
        # Every word written in a name, and each name: the vocabulary of the domain.
        self.vocabulary = {key(w) for i in items for n in i.all_names() for w in n.split()}
        self.vocabulary |= set(self.exact)
        # Proper endings of names ("체온계" of "수은체온계"): a word naming the kind of thing,
        # if the ending is a word of its own somewhere ("위치" is only the tail of 스위치).
        self.heads: dict[str, list[int]] = {}
        for n, name in enumerate(self.names):
            for cut in range(1, len(name.key) - 1):
                if name.key[cut:] in self.vocabulary:
                    self.heads.setdefault(name.key[cut:], []).append(n)
        self._gram_counts = np.asarray([len(ngrams(n.jamo)) for n in self.names], np.float32)
        self.analogies = Analogies((n.item, n.key) for n in self.names)
        # The index never changes, so a key's typo scores are a pure function of it: the
        # edit distances (most of a question's CPU) run once per word, not once per question.
        self._fuzzy = lru_cache(maxsize=FUZZY_MEMORY)(self._typo_scores)
        self._refused = lru_cache(maxsize=256)(self._refused_items)

    @staticmethod
    def _index_names(items: Sequence[Item]) -> list[_Name]:
        names: list[_Name] = []
        for index, item in enumerate(items):
            primary = {key(item.name_ko), key(item.name_en)}
            for raw in dict.fromkeys(key(n) for n in item.all_names()):
                if raw:
                    names.append(_Name(index, raw, to_jamo(raw), raw in primary))
        return names

    def evidence(self, text: QueryText, whole: Sequence[str]) -> dict[int, Evidence]:
        """The best evidence per item for a query (stripped of question phrasing).

        `whole` are keys of the whole query (with and without a final particle) to
        look up as names.
        """
        qkey = text.compact
        found: dict[int, Evidence] = {}
        # "안녕", "ok", "thanks", "잘 자" (its 자 is no ruler): no item, no typo
        if all(w in CHATTER for w in text.words) or qkey in CHATTER:
            return found
        exact = next((self.exact[k] for k in (qkey, *whole) if k in self.exact), [])
        for n in exact:
            name = self.names[n]
            if name.primary:
                _offer(found, name.item, Evidence(EXACT_SCORE, "exact"))
            else:
                _offer(found, name.item, Evidence(SYNONYM_SCORE, "synonym"))
        contents, asked = self._words(text, found)
        kept = droppable(text.words, self.exact)
        if 1 < len(kept) and kept != text.words:  # "물약 빈 병": 물약병; "수은 든 체온계"
            reduced = QueryText(" ".join(kept))
            joined: dict[int, Evidence] = {}
            for n in self.exact.get(reduced.compact, []):
                _offer(joined, self.names[n].item, Evidence(REDUCED_SCORE, "word"))
            self._words(reduced, joined)
            # "참기름 플라스틱 병": a material dropped from between the words does not join
            # them into the name of a thing made of something else (the glass 참기름병).
            lost = _materials(text.words) - _materials(kept)
            for item, known in joined.items():
                if not self._clashes(item, lost):
                    _offer(found, item, known)
        moved = (
            made_of(text.words)
            or peeled(text.words)
            or fronted(text.words, self.vocabulary)
            or held_first(text.words)
        )
        if moved is not None:  # "유리 깨진 거": 깨진 유리; "the bag the bread came in"
            reordered = QueryText(" ".join(moved))
            for n in self.exact.get(reordered.compact, []):
                _offer(found, self.names[n].item, Evidence(REDUCED_SCORE, "word"))
            self._words(reordered, found)
        for n in self.exact.get(_made_container(text.words), []):  # "종이 쌀 포대": 종이포대
            _offer(found, self.names[n].item, Evidence(MADE_SCORE, "word"))
        keys = dict.fromkeys([qkey, *forms(qkey)[1:2]])
        cap = SPELT_CAP if self._spelt(text.words) else FUZZY_CAP
        refused = self._refused(tuple(denied_words(text.words)))  # "안 깨진 병": no 깨진 병 typo
        for one in keys:  # the whole query, and without a final particle ("치솔은")
            for item, score in self._fuzzy(one):
                if item not in refused:
                    _offer(found, item, Evidence(min(score, cap), "fuzzy"))
        if len(text.words) > 1:  # a typo in one word of several: "스티로품 버려"
            head_end = len(text.words)
            for index, word in enumerate(text.words):
                form = forms(word)[-1]
                if len(form) < (8 if form.isascii() else 3):  # 먹지/먼지, weather/leather
                    continue
                bonus = WORD_TYPO_HEAD if index + 1 == head_end else 0.0
                for item, score in self._fuzzy(form):
                    if item in refused:
                        continue
                    value = min(score, FUZZY_CAP) - WORD_TYPO_COST + bonus
                    _offer(found, item, Evidence(value, "fuzzy"))
        for item in contents:  # what an unnamed container held: never the answer by itself
            known = found[item]
            found[item] = Evidence(min(known.score, CONTENTS_CAP), known.kind, known.named)
        top = max((e.score for i, e in found.items() if i not in asked), default=0.0)
        for item in asked:  # over the container that holds it ("잼 남은 유리병": the jam)
            known = found[item]
            if known.score < top + ASKED_MARGIN:
                found[item] = Evidence(min(top + ASKED_MARGIN, SYNONYM_SCORE), known.kind, True)
        stated = _materials(text.words)
        inside = any(w.startswith(STILL_INSIDE) or w in LINKING or w in _INSIDE for w in text.words)
        for item, known in found.items():  # "plastic container", "종이 택배 봉투": not another
            if known.kind in ("exact", "synonym"):
                continue
            if self._clashes(item, stated):
                found[item] = Evidence(known.score - CLASH_COST, known.kind, known.named)
            elif (
                stated
                and not inside  # "플라스틱 통에 든 김치": the kimchi is asked about too
                and self.categories[item] in CONTENTS
                and not stated & self.handled[item]
            ):
                # "plastic cake dome", "plastic container with sauce": a thing made of plastic
                # is not the food or medicine also named (below STRONG: asked, not answered)
                found[item] = Evidence(min(known.score, CONTENTS_CAP), known.kind, known.named)
        return found

    def _clashes(self, item: int, materials: set[str]) -> bool:
        """Whether the item is of another material than `materials` say, and none of its
        conditions reads them ("유리로 된 밀폐용기" reads 유리)."""
        category = self.categories[item]
        if category == "vinyl":  # a film laminated with aluminium is still a film ("은박 봉투")
            materials = materials - {"metal"}
        return (
            bool(materials)
            and category in MATERIAL_BINS
            and category not in materials
            and not materials & self.handled[item]
        )

    def _words(self, text: QueryText, found: dict[int, Evidence]) -> tuple[set[int], set[int]]:
        """Names that are whole words or runs of words of the query, or end a word of it;
        returns the contents an unnamed container held, and those said to be still inside.

        The head is the last word that names something ("휴대폰 배터리 부푼 거": 배터리),
        or the last before "of/from/for/with" ("bones from soup": bones).
        """
        words = text.words
        if not words:
            return set(), set()
        total = len(text.compact)
        spans: list[tuple[int, int, float]] = []  # (name, last word, cover)
        for first in range(len(words)):
            if first and denied(words, first):
                continue  # "안 깨진 유리병" denies the name 깨진 유리병 (유리병 still counts)
            for last in range(first, min(len(words), first + MAX_SPAN_WORDS)):
                whole = first == 0 and last == len(words) - 1
                before = "".join(words[first:last])
                for end in forms(words[last])[1 if whole else 0 :]:
                    span = before + end
                    spans.extend((n, last, len(span) / total) for n in self.exact.get(span, []))
        tails: list[tuple[int, int, float]] = []
        vague: set[int] = set()  # tails whose front means nothing here: "미세먼지"
        for index, word in enumerate(words):
            for form in forms(word):
                for cut in range(1, len(form) - 1):  # "피자박스": a name ending a word
                    tail = form[cut:]
                    if tail.isascii() and len(tail) < 4:  # "what" holds no "hat"
                        continue
                    for n in self.exact.get(tail, []):
                        if not self._known(form[:cut]):
                            vague.add(len(tails))
                        tails.append((n, index, len(tail) / total))
        stop = next(  # "bones from soup"; "the box the medicine came in": the box
            (
                i
                for i, w in enumerate(words)
                if i and (w in PREPOSITIONS or (w == "the" and container(words[i - 1])))
            ),
            None,
        )
        kinds = [i for i, w in enumerate(words) if any(f in self.heads for f in forms(w)[1:])]
        kinds += [i for i, w in enumerate(words) if w in self.heads and len(w) >= 2]
        ends = [
            last
            for last in [s[1] for s in spans + tails] + kinds
            if (stop is None or last < stop) and not modifier(words, last)
        ]
        head_last = max(ends) if ends else len(words) - 1
        if ends and generic(words, head_last):  # "냉장고 문짝", "약병 유리": the earlier name
            part = any(f in PARTS for f in forms(words[head_last]))
            earlier = [e for e in ends if e < head_last and (part or e == head_last - 1)]
            proper = any(  # unless a longer name ends there ("캔 뚜껑")
                last == head_last and self.names[n].key not in PARTS | MATERIALS
                for n, last, _ in spans
            )
            if earlier and not proper:
                head_last = max(earlier)
        # "주스 병", "영양제 병", "밀가루 봉지": a container no name covers is the head, and
        # the food or medicine it held is no answer by itself (packaging is not contents).
        final = last_thing(words, len(words) - 1 if stop is None else stop - 1)
        if final and container(words[final - 1]) and forms(words[final])[-1] in MATERIALS:
            final -= 1  # "mayonnaise jar plastic": the material says what the jar is made of
        # A bare container word is no name of what it held ("fried chicken bag": a bag).
        named_ends = {last for n, last, _ in spans + tails if self.names[n].key not in CONTAINERS}
        held = final if container(words[final]) and final not in named_ends else None
        if held is not None:
            head_last = held
        asked = self._still_inside(words, spans)
        if asked is not None:  # "잼 남은 유리병", "고추장 한 통": what is inside is asked about
            head_last, held = asked, None
        for n, last, cover in spans:
            score = (0.85 if last == head_last else 0.77) + 0.10 * cover
            _offer(found, self.names[n].item, Evidence(score, "word"))
        for t, (n, last, cover) in enumerate(tails):
            score = 0.76 + 0.10 * cover + (0.03 if last == head_last else 0.0)
            score = UNSURE_TAIL if t in vague else score
            _offer(found, self.names[n].item, Evidence(score, "word"))
        self._by_analogy(words, spans, final, found)
        contents = {
            self.names[n].item
            for n, last, _ in spans + tails
            if held
            and last < held
            and self.categories[self.names[n].item] in CONTENTS
            and not (
                last + 1 < len(words)
                and words[last + 1].startswith(STILL_INSIDE)
                and not words[last + 1].endswith(PAST)
            )
        }
        for index, word in enumerate(words):
            head = index == head_last or (not ends and index == len(words) - 1)
            for form in forms(word):
                if len(words) > 1 and len(form) >= 2 and not form.isascii():
                    for n in self.heads.get(form, []):  # "디지털 체온계": a kind of 체온계
                        name = self.names[n]
                        cover = len(form) / len(name.key)
                        score = (0.76 if head else 0.70) + 0.10 * cover
                        _offer(found, name.item, Evidence(score, "fuzzy"))
        inside = {self.names[n].item for n, last, _ in spans if last == asked}
        return contents, inside

    def _still_inside(self, words: list[str], spans: list[tuple[int, int, float]]) -> int | None:
        """The last word of a food or medicine the query says is still in its container,
        which it then asks about: "잼 남은 유리병", "물약이 남아 있는 병", "고추장 한 통",
        "jam jar with jam left in it", "a bottle with syrup remaining". A container word
        must be in the query too; "먹고 남은" (what was done) and "들어있던" (once) are not.
        """
        for n, last, _ in spans:
            item = self.names[n].item
            if (
                self.categories[item] not in CONTENTS
                or item in self.poured
                or last + 1 >= len(words)
            ):
                continue
            following = words[last + 1]
            inside = following.startswith(STILL_INSIDE) and not following.endswith(PAST)
            measure = following == "한" and last + 2 < len(words) and container(words[last + 2])
            if (inside or measure or following in _LEFT) and any(
                container(w) for i, w in enumerate(words) if i != last
            ):
                return last
        return None

    def _spelt(self, words: Sequence[str]) -> bool:
        """Whether the query is words of names, spelt as they are, two or more (glued or not):
        a name a letter away is then another thing, not what the query misspells."""
        if len(words) == 1:
            word = words[0]
            return any(
                word[:cut] in self.vocabulary and word[cut:] in self.vocabulary
                for cut in range(2, len(word) - 1)
            )
        return all(any(f in self.vocabulary for f in forms(w)) for w in words)

    def _refused_items(self, words: tuple[str, ...]) -> frozenset[int]:
        """Items with a name holding a word the query denies: no typo of the query.

        Called through `_refused`, which remembers the answers (denied words are few).
        """
        if not words:
            return frozenset()
        return frozenset(name.item for name in self.names if any(w in name.key for w in words))

    def _known(self, prefix: str) -> bool:
        """Whether the front of a glued word means something here: a word of some name,
        one syllable ("헌", "폐", "빈") or English, so "피자박스" is a pizza box but
        "미세먼지" says nothing about dust.
        """
        return len(prefix) < 2 or prefix in self.vocabulary or prefix.isascii()

    def _by_analogy(
        self,
        words: list[str],
        spans: list[tuple[int, int, float]],
        final: int,
        found: dict[int, Evidence],
    ) -> None:
        """A part no name states ("멜론 껍질", "멜론껍질") goes where its siblings' go."""
        word_forms = forms(words[final])
        part = next((p for f in word_forms if (p := part_of(f))), None)
        if part is not None:
            size = len(word_forms[-1])
            if any(last == final and len(self.names[n].key) > size for n, last, _ in spans):
                return  # a name states the part with its owner ("참외 씨": soft seeds, food)
            owners = {self.names[n].item for n, last, _ in spans if last == final - 1}
        else:
            split = next((s for f in word_forms if (s := split_part(f))), None)
            if split is None or any(last == final for _, last, _ in spans):
                return
            whole, part = split
            owners = {self.names[n].item for n in self.exact.get(whole, [])}
        stated = {MADE_OF[f] for w in words for f in forms(w) if f in MADE_OF}
        for owner in owners:
            item = self.analogies.item_for(owner, part)
            if item is None or (part in PACKAGING and self.categories[item] in CONTENTS):
                continue
            if not stated - {self.categories[item]}:
                _offer(found, item, Evidence(ANALOGY_SCORE, "word"))  # unless made otherwise

    def _typo_scores(self, qkey: str) -> tuple[tuple[int, float], ...]:
        """Best score per item from n-gram overlap, jamo edit distance and partial words.

        Called through `_fuzzy`, which remembers the answers.
        """
        qjamo = to_jamo(qkey)
        grams = ngrams(qjamo)
        lists = [self._postings[g] for g in grams if g in self._postings]
        if not lists:
            return ()
        counts = np.bincount(np.concatenate(lists), minlength=len(self.names)).astype(np.float32)
        dice = 2.0 * counts / (self._gram_counts + len(grams))
        top = np.argpartition(-dice, min(RERANK, len(dice) - 1))[:RERANK]
        best: dict[int, float] = {}
        for n in top.tolist():
            if dice[n] <= 0.2:
                continue
            name = self.names[n]
            short = len(qjamo) < 5 or (qkey.isascii() and len(qkey) < 6)  # hello/cello
            edit = similarity(qjamo, name.jamo) - (0.1 if short else 0.0)
            score = max(edit, float(dice[n]) * 0.9, in_longer_name(qkey, name.key, self.vocabulary))
            score += 0.05 * max(edit, 0.0)  # break ties towards the closer spelling
            if score > best.get(name.item, 0.0):
                best[name.item] = score
        for n in np.flatnonzero(counts >= max(2, len(grams) // 3)).tolist():
            name = self.names[n]
            longer = in_longer_name(qkey, name.key, self.vocabulary)
            partial = max(longer, glued_inside(qkey, name.key))
            if qkey.endswith(name.key) and not self._known(qkey[: -len(name.key)]):
                partial = min(partial, UNSURE_TAIL)  # "미세먼지": no kind of 먼지
            if partial > best.get(name.item, 0.0):
                best[name.item] = partial
        return tuple(best.items())


def _made_container(words: Sequence[str]) -> str:
    """A Korean material and the container ending the query, apart ("유리 요구르트 병"), as
    one name ("유리병"): what the container is made of says its bin, not what it held."""
    if len(words) < 3 or not (container(words[-1]) or words[-1] in ("포대", "자루")):
        return ""
    material = next((w for w in words[:-2] if w in MATERIALS and not w.isascii()), None)
    return material + forms(words[-1])[-1] if material else ""


def _materials(words: Sequence[str]) -> set[str]:
    """The bins of the materials the words state ("플라스틱" -> plastic)."""
    return {MADE_OF[f] for w in words for f in forms(w) if f in MADE_OF}


def _offer(found: dict[int, Evidence], item: int, evidence: Evidence) -> None:
    """Keep the best score per item, remembering whether any evidence named it."""
    named = evidence.named or evidence.kind in ("exact", "synonym", "word")
    known = found.get(item)
    if known is None:
        found[item] = Evidence(evidence.score, evidence.kind, named)
    elif known.score < evidence.score:
        found[item] = Evidence(evidence.score, evidence.kind, named or known.named)
    elif named and not known.named:
        found[item] = Evidence(known.score, known.kind, True)
