"""Typo evidence: jamo edit similarity and n-gram overlap with every name (패트병 → 페트병),
for the whole query and for each long word of it, remembered per key."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ecoeco.knowledge.conditions import QueryText
from ecoeco.knowledge.evidence import Evidence, offer
from ecoeco.knowledge.names import UNSURE_TAIL, Names
from ecoeco.knowledge.partial import glued_inside, in_longer_name
from ecoeco.knowledge.shapes import denied_words, forms
from ecoeco.knowledge.text import ngrams, similarity, to_jamo

FUZZY_CAP = 0.9
SPELT_CAP = 0.8  # ... when every word is a word of the domain: "생선 상자" is no 생선 창자
RERANK = 24  # n-gram candidates re-scored by edit distance
WORD_TYPO_COST = 0.06  # a typo-level match of one word of the query, below a whole word
WORD_TYPO_HEAD = 0.02
FUZZY_MEMORY = 8192  # keys whose typo scores are remembered (a query's words recur)


class Typos:
    """Typo scores against every name; the names' jamo bigrams are indexed once."""

    def __init__(self, names: Names) -> None:
        self._names = names
        postings: dict[str, list[int]] = {}
        for n, name in enumerate(names.names):
            for gram in ngrams(name.jamo):
                postings.setdefault(gram, []).append(n)
        self._postings = {g: np.asarray(ids, dtype=np.int32) for g, ids in postings.items()}
        self._gram_counts = np.asarray([len(ngrams(n.jamo)) for n in names.names], np.float32)
        # The index never changes, so a key's typo scores are a pure function of it: the
        # edit distances (most of a question's CPU) run once per word, not once per question.
        self._fuzzy = lru_cache(maxsize=FUZZY_MEMORY)(self._typo_scores)
        self._refused = lru_cache(maxsize=256)(self._refused_items)

    def offer(self, text: QueryText, found: dict[int, Evidence]) -> None:
        """Offer the typo evidence of the whole query and of each long word of it."""
        qkey = text.compact
        keys = dict.fromkeys([qkey, *forms(qkey)[1:2]])
        cap = SPELT_CAP if self._spelt(text.words) else FUZZY_CAP
        refused = self._refused(tuple(denied_words(text.words)))  # "안 깨진 병": no 깨진 병 typo
        for one in keys:  # the whole query, and without a final particle ("치솔은")
            for item, score in self._fuzzy(one):
                if item not in refused:
                    offer(found, item, Evidence(min(score, cap), "fuzzy"))
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
                    offer(found, item, Evidence(value, "fuzzy"))

    def _spelt(self, words: Sequence[str]) -> bool:
        """Whether the query is words of names, spelt as they are, two or more (glued or not):
        a name a letter away is then another thing, not what the query misspells."""
        vocabulary = self._names.vocabulary
        if len(words) == 1:
            word = words[0]
            return any(
                word[:cut] in vocabulary and word[cut:] in vocabulary
                for cut in range(2, len(word) - 1)
            )
        return all(any(f in vocabulary for f in forms(w)) for w in words)

    def _refused_items(self, words: tuple[str, ...]) -> frozenset[int]:
        """Items with a name holding a word the query denies: no typo of the query.

        Called through `_refused`, which remembers the answers (denied words are few).
        """
        if not words:
            return frozenset()
        return frozenset(
            name.item for name in self._names.names if any(w in name.key for w in words)
        )

    def _typo_scores(self, qkey: str) -> tuple[tuple[int, float], ...]:
        """Best score per item from n-gram overlap, jamo edit distance and partial words.

        Called through `_fuzzy`, which remembers the answers.
        """
        names, vocabulary = self._names.names, self._names.vocabulary
        qjamo = to_jamo(qkey)
        grams = ngrams(qjamo)
        lists = [self._postings[g] for g in grams if g in self._postings]
        if not lists:
            return ()
        counts = np.bincount(np.concatenate(lists), minlength=len(names)).astype(np.float32)
        dice = 2.0 * counts / (self._gram_counts + len(grams))
        top = np.argpartition(-dice, min(RERANK, len(dice) - 1))[:RERANK]
        best: dict[int, float] = {}
        for n in top.tolist():
            if dice[n] <= 0.2:
                continue
            name = names[n]
            short = len(qjamo) < 5 or (qkey.isascii() and len(qkey) < 6)  # hello/cello
            edit = similarity(qjamo, name.jamo) - (0.1 if short else 0.0)
            score = max(edit, float(dice[n]) * 0.9, in_longer_name(qkey, name.key, vocabulary))
            score += 0.05 * max(edit, 0.0)  # break ties towards the closer spelling
            if score > best.get(name.item, 0.0):
                best[name.item] = score
        for n in np.flatnonzero(counts >= max(2, len(grams) // 3)).tolist():
            name = names[n]
            longer = in_longer_name(qkey, name.key, vocabulary)
            partial = max(longer, glued_inside(qkey, name.key))
            if qkey.endswith(name.key) and not self._names.known(qkey[: -len(name.key)]):
                partial = min(partial, UNSURE_TAIL)  # "미세먼지": no kind of 먼지
            if partial > best.get(name.item, 0.0):
                best[name.item] = partial
        return tuple(best.items())
