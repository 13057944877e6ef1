"""What a message asks for: keyword rules first, nearest example sentences second."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from ecoeco.knowledge import Embedder
from ecoeco.knowledge.embedding import FloatArray
from ecoeco.knowledge.text import normalize


class Intent(StrEnum):
    """The kinds of question the assistant answers."""

    disposal = "disposal"
    nearby = "nearby"
    characters = "characters"
    points = "points"
    image = "image"
    greeting = "greeting"
    help = "help"
    out_of_scope = "out_of_scope"


RULES: list[tuple[Intent, re.Pattern[str]]] = [
    (
        Intent.nearby,
        re.compile(
            r"근처|주변|가까운|가까이|어디서\s*(버릴|버려|수거)|수거함\s*(위치|어디)|"
            r"위치\s*알려|near\s*me|nearby|nearest|closest|close to me|around here|"
            r"drop[- ]?off point|collection point near"
        ),
    ),
    (Intent.characters, re.compile(r"캐릭터|character|collection of characters")),
    (
        Intent.points,
        re.compile(r"포인트|점수|내\s*통계|통계|기록|\bpoints?\b|my stats|statistics|\bscore\b"),
    ),
    (
        Intent.help,
        re.compile(
            r"도움말|사용법|뭘\s*할\s*수|무엇을\s*할\s*수|뭐\s*할\s*수|뭐\s*물어|"
            r"\bhelp\b|what can you do|how do you work|what do you do"
        ),
    ),
    (
        Intent.greeting,
        re.compile(
            r"^(안녕|하이|반가워|반갑습니다|hello|hi\b|hey\b|good (morning|afternoon|evening)|"
            r"thanks|thank you|고마워|감사)"
        ),
    ),
]

DISPOSAL_WORDS = re.compile(
    r"버려|버리|버릴|분리|배출|재활용|쓰레기|수거|종량제|음식물|폐기|처리|"
    r"recycl|dispos|throw|trash|garbage|waste|bin\b|discard|get rid of"
)

EXAMPLES: dict[Intent, list[str]] = {
    Intent.disposal: [
        "이거 어떻게 버려요",
        "분리수거는 어디에 하나요",
        "이건 무슨 쓰레기야",
        "재활용 되나요",
        "how do I throw this away",
        "which bin does this go in",
        "is this recyclable",
    ],
    Intent.out_of_scope: [
        "오늘 날씨 어때",
        "주식 추천해 줘",
        "맛집 알려 줘",
        "농담 하나 해 줘",
        "what is the weather today",
        "write me a poem",
        "who won the football game",
        "tell me a joke",
        "코드 짜 줘",
        "번역해 줘",
    ],
    Intent.greeting: ["안녕하세요", "반가워요", "hello there", "good morning"],
    Intent.help: ["무엇을 도와줄 수 있어", "what can you help me with"],
}

EXAMPLE_FLOOR = 0.86  # below this an example is no evidence at all


@dataclass(frozen=True)
class Classification:
    """The intent and how it was decided."""

    intent: Intent
    by: str
    confidence: float


class IntentClassifier:
    """Decides the intent; `has_item` says whether item search found something strong."""

    def __init__(self, embedder: Embedder | None) -> None:
        self.embedder = embedder
        self._labels: list[Intent] = [i for i, texts in EXAMPLES.items() for _ in texts]
        self._matrix: FloatArray | None = None
        self._lock = threading.Lock()

    def warm(self) -> None:
        """Embed the example sentences now."""
        self._examples()

    @property
    def ready(self) -> bool:
        """Whether the example sentences are embedded."""
        return self.embedder is None or self._matrix is not None

    def _examples(self) -> FloatArray:
        assert self.embedder is not None
        with self._lock:
            if self._matrix is None:
                self._matrix = self.embedder.embed([t for ts in EXAMPLES.values() for t in ts])
            return self._matrix

    def classify(
        self, text: str, *, has_image: bool = False, has_item: bool = False, semantic: bool = True
    ) -> Classification:
        """Rules for what keywords settle, embeddings for the rest (when `semantic`)."""
        if has_image:
            return Classification(Intent.image, "rule", 1.0)
        folded = normalize(text)
        for intent, pattern in RULES:
            if pattern.search(folded):
                if intent in (Intent.greeting, Intent.help) and (has_item or _long(folded)):
                    continue
                if intent is not Intent.nearby and has_item and DISPOSAL_WORDS.search(folded):
                    continue
                return Classification(intent, "rule", 1.0)
        if has_item or DISPOSAL_WORDS.search(folded):
            return Classification(Intent.disposal, "rule", 1.0)
        if not semantic:
            return Classification(Intent.out_of_scope, "default", 0.0)
        return self._nearest(folded)

    def _nearest(self, folded: str) -> Classification:
        if self.embedder is None or not folded:
            return Classification(Intent.out_of_scope, "default", 0.0)
        sims = self._examples() @ self.embedder.embed([folded])[0]
        best = int(np.argmax(sims))
        score = float(sims[best])
        if score < EXAMPLE_FLOOR:
            return Classification(Intent.out_of_scope, "embedding", score)
        return Classification(self._labels[best], "embedding", score)


def _long(folded: str) -> bool:
    return len(folded.split()) > 6
