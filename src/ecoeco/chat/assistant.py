"""The assistant: understands a message, gathers what answers it, and streams the reply."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ecoeco.chat.compose import Composer, Language, Reply, language_of, source
from ecoeco.chat.focus import (
    asked_category,
    asks_about_handling,
    fee_sticker_of,
    names_a_part,
    names_a_region,
    only_thanks,
    reads_as_follow_up,
    says_goodbye,
)
from ecoeco.chat.intents import Classification, Intent, IntentClassifier
from ecoeco.chat.llm import ChatLLM, LLMUnavailable
from ecoeco.chat.lookups import LookupFailed, Lookups
from ecoeco.chat.phrases import place_lines, say
from ecoeco.chat.retrieval import STRONG, Guide, Retriever
from ecoeco.contracts.scan import ScanStatus
from ecoeco.core.cpu import InlineWhenCheap
from ecoeco.core.paths import api_path
from ecoeco.knowledge import Item, KnowledgeBase
from ecoeco.knowledge.korean import direction
from ecoeco.knowledge.shapes import container
from ecoeco.knowledge.text import key, normalize

log = logging.getLogger(__name__)

LIKELY_ITEM = 0.6  # an item this close makes a vague message a disposal question...
OFF_TOPIC_SURE = 0.95  # ...unless it is this close to an off-topic example


@dataclass(frozen=True)
class Location:
    """Where the person is."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Turn:
    """One message to answer, with what the conversation knows so far."""

    text: str
    token: str
    key: str
    image_key: str | None = None
    location: Location | None = None
    previous: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """A finished answer: its text, intent, sources and what the next turn needs."""

    text: str
    intent: Intent
    sources: list[dict[str, Any]]
    context: dict[str, Any]


@dataclass(frozen=True)
class _Understood:
    """What retrieval and classification found, before any service is asked."""

    lang: Language
    intent: Classification
    guides: list[Guide]
    previous: Item | None
    suggestions: tuple[str, ...] = ()


class Assistant:
    """Answers disposal questions from the knowledge base; an LLM may rewrite the wording."""

    def __init__(
        self,
        kb: KnowledgeBase,
        retriever: Retriever,
        classifier: IntentClassifier,
        *,
        lookups: Lookups,
        llm: ChatLLM | None = None,
        chunk_chars: int = 12,
        scan_wait: float = 10.0,
        scan_poll: float = 0.2,
    ) -> None:
        self.kb = kb
        self.retriever = retriever
        self.classifier = classifier
        self.composer = Composer(kb)
        self.lookups = lookups
        self.llm = llm
        self.chunk_chars = chunk_chars
        self.scan_wait = scan_wait
        self.scan_poll = scan_poll
        self._warming: threading.Thread | None = None
        self._warming_lock = threading.Lock()
        # Understanding a question asked before is a few cache look-ups: it then runs
        # on the loop rather than paying the hand-off to the CPU pool and back.
        self._understanding = InlineWhenCheap("chat")

    def warm(self) -> None:
        """Build every embedding index and load the model."""
        self.retriever.warm()
        self.classifier.warm()
        save = getattr(self.retriever.embedder, "save", None)
        if callable(save):
            save()

    @property
    def ready(self) -> bool:
        """Whether semantic search and classification can run without building anything."""
        return self.retriever.ready and self.classifier.ready

    def warm_in_background(self) -> None:
        """Start building the indexes in a thread (once); answers stay lexical until done."""
        with self._warming_lock:
            if self._warming is None and not self.ready:
                self._warming = threading.Thread(target=self._warm_logged, daemon=True)
                self._warming.start()

    def _warm_logged(self) -> None:
        try:
            self.warm()
        except Exception:
            log.exception("building the chat embedding index failed")

    async def stream(self, turn: Turn) -> AsyncIterator[str | Answer]:
        """Yield pieces of the reply as they are ready, then the whole `Answer`."""
        answer = await self.answer(turn)
        if self.llm is not None and answer.intent is Intent.disposal and answer.sources:
            pieces: list[str] = []
            try:
                async for piece in self.llm.rewrite(
                    turn.text, self._guide_text(answer), answer.text
                ):
                    pieces.append(piece)
                    yield piece
            except LLMUnavailable:
                pieces = []
            if pieces:
                context = {**answer.context, "llm": True}
                yield Answer("".join(pieces), answer.intent, answer.sources, context)
                return
            answer = Answer(
                answer.text, answer.intent, answer.sources, {**answer.context, "llm": False}
            )
        for piece in chunks(answer.text, self.chunk_chars):
            yield piece
        yield answer

    async def answer(self, turn: Turn) -> Answer:
        """The composed answer, without an LLM."""
        said = str(turn.previous.get("name"))  # follow-ups read the item by this name
        key = (turn.text, str(turn.previous.get("item")), said, bool(turn.image_key), self.ready)
        understood = await self._understanding.run(key, self._understand, turn)
        lang, intent = understood.lang, understood.intent.intent
        if intent is Intent.image and turn.image_key:
            return await self._image(turn, lang)
        if intent is Intent.nearby:
            return await self._nearby(turn, understood)
        if intent is Intent.characters:
            return await self._characters(turn, lang)
        if intent is Intent.points:
            return await self._points(turn, lang)
        if intent in (Intent.greeting, Intent.help, Intent.out_of_scope):
            phrase = "welcome" if only_thanks(turn.text) else intent.value
            phrase = "farewell" if says_goodbye(turn.text) else phrase
            return Answer(say(phrase, lang), intent, [], {"lang": lang})
        if not understood.guides:
            if understood.suggestions:
                names = ", ".join(understood.suggestions[:3])
                context = {"lang": lang, "suggestions": list(understood.suggestions)}
                return Answer(say("clarify", lang, names=names), Intent.disposal, [], context)
            text = say("not_found", lang, text=turn.text.strip()[:60])
            return Answer(text, Intent.disposal, [], {"lang": lang})
        asked = asked_category(self.kb, turn.text)
        reply = self.composer.disposal(understood.guides, lang, asked, turn.text)
        question = self._hazard_question(understood.guides[0], lang)
        if question:
            reply = Reply(f"{reply.text}\n{question}", reply.sources)
        answer = self._disposal_answer(reply, understood.guides, lang)
        name = _said_name(understood.guides[0].item, turn)
        return replace(answer, context={**answer.context, "name": name}) if name else answer

    def _hazard_question(self, guide: Guide, lang: Language) -> str:
        """The question to ask when a hazard the answer turns on is undecided, else ""."""
        cond = guide.unsure
        if cond is None:
            return ""
        category = self.kb.category(cond.category)
        if lang == "ko":
            when = cond.when_ko.strip()
            return say("hazard_question", lang, when=when, category=direction(category.name_ko))
        return say("hazard_question", lang, when=cond.when_en.strip(), category=category.name_en)

    def _understand(self, turn: Turn) -> _Understood:
        """Classify and retrieve (CPU work, run off the event loop)."""
        text = turn.text.strip()
        lang = language_of(text) if text else "ko"
        semantic = self.ready
        if not semantic:
            self.warm_in_background()
        previous = self._previous_item(turn, text, semantic)
        said = turn.previous.get("name") if previous is not None else None
        said = said if isinstance(said, str) else None
        guides = (
            self.retriever.retrieve(text, previous=previous, said=said, semantic=semantic)
            if text
            else []
        )
        suggestions = (
            () if guides or not text else self.retriever.suggestions(text, semantic=semantic)
        )
        has_item = bool(guides) and guides[0].score >= STRONG
        intent = self.classifier.classify(
            text, has_image=bool(turn.image_key), has_item=has_item, semantic=semantic
        )
        if previous is not None and intent.intent is Intent.out_of_scope and guides:
            intent = Classification(Intent.disposal, "context", 1.0)
        elif intent.intent is Intent.out_of_scope and intent.confidence < OFF_TOPIC_SURE:
            if any(g.item is not None and g.score >= LIKELY_ITEM for g in guides):
                intent = Classification(Intent.disposal, "retrieval", guides[0].score)
            elif suggestions and _container_asked(text):  # "빈 통은 어디다": which one?
                intent = Classification(Intent.disposal, "suggestions", intent.confidence)
        wanted_place = turn.previous.get("needs_location") and turn.location is not None
        same_thing = not guides or previous is None or guides[0].item == previous
        vague = (Intent.out_of_scope, Intent.greeting, Intent.disposal)
        if wanted_place and intent.intent in vague and same_thing:
            intent = Classification(Intent.nearby, "context", 1.0)
        return _Understood(lang, intent, guides, previous, suggestions)

    def _previous_item(self, turn: Turn, text: str, semantic: bool) -> Item | None:
        """The item of the last answer, when this message continues it: it reads like a
        follow-up, or asks how to handle something or which bin it goes in without naming
        a thing ("얼마 내야 돼?", "종이랑 같이 내도 돼?", "부풀지 않은 건데 그냥 일반쓰레기?")."""
        item_id = turn.previous.get("item")
        if not isinstance(item_id, str) or not self.kb.has_item(item_id) or not text:
            return None
        if reads_as_follow_up(text) or names_a_region(text):  # "뚜껑 쪽은?": of that one
            return self.kb.item(item_id)
        asks = asks_about_handling(text) or asked_category(self.kb, text) is not None
        if only_thanks(text) or not asks:
            return None
        item = self.kb.item(item_id)
        if fee_sticker_of(item.category, text) or names_a_part(text):
            return item
        return None if self.retriever.names_item(text, semantic=semantic) else item

    def _disposal_answer(self, reply: Reply, guides: list[Guide], lang: Language) -> Answer:
        main = guides[0]
        context = {
            "lang": lang,
            "item": main.item.id if main.item else None,
            "category": main.category.slug,
        }
        return Answer(reply.text, Intent.disposal, reply.sources, context)

    def _guide_text(self, answer: Answer) -> str:
        lines = []
        for src in answer.sources:
            cat = self.kb.category(src["category"]["slug"])
            lines.append(f"{cat.name_ko} ({cat.name_en}): " + " ".join(cat.steps))
            if src["item"] and self.kb.has_item(src["item"]["id"]):
                item = self.kb.item(src["item"]["id"])
                lines.append(f"{item.name_ko}: " + " ".join([*item.steps, *item.warnings]))
        return "\n".join(lines)

    async def _nearby(self, turn: Turn, understood: _Understood) -> Answer:
        lang = understood.lang
        guides = understood.guides
        slug = guides[0].category.slug if guides else turn.previous.get("category")
        if not isinstance(slug, str) or not self.kb.has_category(slug):
            slug = None
        sources = [source(guides[0])] if guides else []
        context: dict[str, Any] = {"lang": lang, "category": slug}
        if guides and guides[0].item is not None:
            context["item"] = guides[0].item.id
        if turn.location is None:
            context["needs_location"] = True
            return Answer(say("need_location", lang), Intent.nearby, sources, context)
        what = (
            (self.kb.category(slug).name_ko if lang == "ko" else self.kb.category(slug).name_en)
            if slug
            else ("재활용품" if lang == "ko" else "recyclables")
        )
        try:
            places = await self.lookups.nearby(
                turn.token, turn.location.lat, turn.location.lon, slug
            )
        except LookupFailed:
            return Answer(say("unavailable", lang), Intent.nearby, sources, context)
        if not places:
            return Answer(say("no_places", lang, what=what), Intent.nearby, sources, context)
        context["places"] = [p.name for p in places]
        text = "\n".join([say("places", lang, what=what), *place_lines(places, lang)])
        return Answer(text, Intent.nearby, sources, context)

    async def _characters(self, turn: Turn, lang: Language) -> Answer:
        try:
            names = await self.lookups.characters(turn.token)
        except LookupFailed:
            return Answer(say("unavailable", lang), Intent.characters, [], {"lang": lang})
        if not names:
            return Answer(say("no_characters", lang), Intent.characters, [], {"lang": lang})
        listed = ", ".join(name.ko if lang == "ko" else name.en for name in names)
        text = say("characters", lang, count=len(names), names=listed)
        return Answer(text, Intent.characters, [], {"lang": lang})

    async def _points(self, turn: Turn, lang: Language) -> Answer:
        try:
            stats = await self.lookups.stats(turn.token)
        except LookupFailed:
            return Answer(say("unavailable", lang), Intent.points, [], {"lang": lang})
        lines = [say("points", lang, points=stats.points)]
        if stats.scans_total > 0:
            lines.append(say("scans", lang, scans=stats.scans_total))
        return Answer(" ".join(lines), Intent.points, [], {"lang": lang})

    async def _image(self, turn: Turn, lang: Language) -> Answer:
        assert turn.image_key is not None
        context: dict[str, Any] = {"lang": lang, "image_key": turn.image_key}
        try:
            outcome = await self.lookups.scan(
                turn.token,
                turn.image_key,
                turn.text.strip() or None,
                turn.key,
                wait=self.scan_wait,
                poll=self.scan_poll,
            )
        except LookupFailed:
            return Answer(say("unavailable", lang), Intent.image, [], context)
        context["scan_id"] = outcome.scan_id
        link = api_path(f"/scan/{outcome.scan_id}")
        guide = self.retriever.guide_for(outcome.item, outcome.category)
        if outcome.status is ScanStatus.done and guide is not None:
            reply = self.composer.disposal([guide], lang, None)
            name = self.composer.subject(guide, lang)
            seen = say("scan_seen", lang, name=direction(name) if lang == "ko" else name)
            answer = self._disposal_answer(reply, [guide], lang)
            return Answer(
                f"{seen}\n{reply.text}", Intent.image, reply.sources, {**answer.context, **context}
            )
        if outcome.status is ScanStatus.needs_confirmation:
            names = ", ".join(
                c.name_ko if lang == "ko" else c.name_en for c in outcome.candidates[:3]
            )
            return Answer(say("scan_unsure", lang, names=names or "-"), Intent.image, [], context)
        if outcome.status is ScanStatus.failed:
            return Answer(say("scan_failed", lang), Intent.image, [], context)
        return Answer(say("scan_pending", lang, link=link), Intent.image, [], context)


def chunks(text: str, size: int) -> list[str]:
    """Split `text` into pieces of about `size` characters, at spaces where possible."""
    pieces: list[str] = []
    current = ""
    for word in re.split(r"(?<=\s)", text):
        current += word
        if len(current) >= size:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return pieces


def _container_asked(text: str) -> bool:
    """Whether a message asks where a container goes without saying what it held ("빈 통은
    어디다", "이 병 어디에 버려?"): a disposal question to answer with a question."""
    return asks_about_handling(text) and any(container(w) for w in normalize(text).split())


def _said_name(item: Item | None, turn: Turn) -> str | None:
    """The name of the answer's item as the question says it ("수박" of 과일), else the
    name the conversation used for it before: a follow-up about a part reads it so
    ("씨는?" after 수박 is a watermelon's seeds, not any fruit's)."""
    if item is None:
        return None
    asked = key(turn.text)
    found = [n for n in item.all_names() if _name_key(n) and _name_key(n) in asked]
    if found:
        return max(found, key=lambda n: len(_name_key(n)))
    before = turn.previous.get("name")
    same = turn.previous.get("item") == item.id
    return before if same and isinstance(before, str) else None


# The names are fixed in a process: each name's key is made once, not for every answer.
_name_key = lru_cache(maxsize=16384)(key)
