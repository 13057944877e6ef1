"""Turning retrieved guides into a reply that reads like a person wrote it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from ecoeco.chat.retrieval import Guide
from ecoeco.knowledge import Category, Condition, Item, KnowledgeBase
from ecoeco.knowledge.korean import direction, if_it_is, subject, topic
from ecoeco.knowledge.text import key, normalize, singular

Language = Literal["ko", "en"]

HOW_TO_EN: dict[str, str] = {
    "paper": "Remove tape, plastic coating and staples, flatten boxes, and tie paper in bundles.",
    "paper_pack": "Empty and rinse it, let it dry, flatten it, and keep it apart from other paper.",
    "clear_pet": "Rinse it, peel off the label, squash it, close the cap, use the clear-PET bin.",
    "plastic": "Empty and rinse it, remove labels or other materials, and put it with plastics.",
    "vinyl": "Shake out crumbs, rinse off food, and put clean film in the plastic-film bag.",
    "styrofoam": "Remove tape and labels, keep it clean and white, and hand it in with EPS.",
    "glass": "Empty and rinse it, remove the cap, and put it with glass bottles unbroken.",
    "metal": "Empty and rinse it, press it flat if you can, and keep it apart from plastic.",
    "textile": "Put clean, dry clothes and fabrics in the clothing collection bin.",
    "battery": "Tape the terminals and drop it in a used-battery box (community centre, mart).",
    "lighting": "Keep it unbroken and take it to a lamp collection box.",
    "electronics": "Book a free pick-up for large appliances, or use a small-appliance box.",
    "general": "Put it in a pay-as-you-throw bag (종량제봉투) for general waste.",
    "non_combustible": "Wrap sharp pieces in newspaper and use the special non-combustible bag.",
    "food": "Drain the water, remove bones, shells and seeds, and use the food-waste bin.",
    "hazardous": "Take it to the hazardous-waste box at a pharmacy or community centre.",
    "bulky": "Report it to your district office, pay the sticker fee, and put it out as told.",
    "construction": "Use the special sack for small renovation waste from your district office.",
}


@dataclass(frozen=True)
class Reply:
    """The composed answer and the sources it cites."""

    text: str
    sources: list[dict[str, Any]]


def language_of(text: str) -> Language:
    """Korean when the text has any Hangul, else English."""
    return "ko" if any("\uac00" <= ch <= "\ud7a3" for ch in text) else "en"


def source(guide: Guide) -> dict[str, Any]:
    """The `sources` entry of a guide."""
    c = guide.category
    item = None
    if guide.item is not None:
        item = {"id": guide.item.id, "name_ko": guide.item.name_ko, "name_en": guide.item.name_en}
    return {"category": {"slug": c.slug, "name_ko": c.name_ko, "name_en": c.name_en}, "item": item}


class Composer:
    """Writes disposal answers from guides, in the person's language."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def disposal(
        self, guides: list[Guide], lang: Language, asked: Category | None, question: str = ""
    ) -> Reply:
        """The answer to a disposal question from its guides, naming items as it does."""
        main = guides[0]
        text = self._ko(main, asked, question) if lang == "ko" else self._en(main, asked, question)
        for other in guides[1:]:
            text += "\n\n" + self._also(other, lang, question)
        return Reply(text, [source(g) for g in guides])

    def subject(self, guide: Guide, lang: Language, question: str = "") -> str:
        """What the guide is about: the item's name as the question says it, else the
        item's own name, else the category's."""
        if guide.item is None:
            return guide.category.name_ko if lang == "ko" else guide.category.name_en
        return said_name(guide.item, question, lang)

    def _ko(self, guide: Guide, asked: Category | None, question: str) -> str:
        cat, item, cond = guide.category, guide.item, guide.condition
        name = self.subject(guide, "ko", question)
        where = f"**{cat.name_ko}**"
        if cond is not None:
            opening = f"{if_it_is(cond.when_ko)} "
            opening += f"{topic(name)} {direction(where)} 버려 주세요."
        elif asked is not None and asked.slug != cat.slug:
            opening = f"아니요, {topic(name)} {subject(asked.name_ko)}"
            opening += f" 아니라 {direction(where)} 버려야 해요."
        elif asked is not None and asked.slug == cat.slug:
            opening = f"네, {topic(name)} {direction(where)} 버리면 돼요."
        elif item is None:
            opening = f"{where}에 대해 알려 드릴게요."
        else:
            opening = f"{topic(name)} {direction(where)} 버리면 돼요."
        lines = [opening]
        steps = list(item.steps) if item and item.steps and cond is None else list(cat.steps[:3])
        if cond is not None and cond.note:
            lines.append(cond.note)
        lines.append("이렇게 버려 주세요:")
        lines.extend(f"{n}. {step}" for n, step in enumerate(steps, 1))
        if item is not None:
            lines.extend(f"주의: {w}" for w in item.warnings)
            lines.extend(self._exceptions_ko(item, cond, cat))
        check = _district_check(item, cond)
        if check:
            lines.append(f"지역마다 달라요: {check}")
        lines.append(f"(참고: 이코에코 분리배출 가이드 '{cat.name_ko}')")
        return "\n".join(lines)

    def _exceptions_ko(self, item: Item, applied: object, cat: Category) -> list[str]:
        out: list[str] = []
        for cond in item.conditions[:3]:
            if cond is applied or cond.category == cat.slug:
                continue
            other = self.kb.category(cond.category).name_ko
            out.append(f"다만 {topic(cond.when_ko)} {direction(other)} 버려야 해요.")
        if applied is not None and item.category != cat.slug:
            usual = self.kb.category(item.category).name_ko
            out.append(f"그렇지 않은 {topic(item.name_ko)} {direction(usual)} 버려요.")
        return out

    def _en(self, guide: Guide, asked: Category | None, question: str) -> str:
        cat, item, cond = guide.category, guide.item, guide.condition
        name = self.subject(guide, "en", question)
        where = f"**{cat.name_en}** ({cat.name_ko})"
        if cond is not None:
            opening = f"In this case ({cond.when_en}), the {name.lower()} {_goes(name)} in {where}."
        elif asked is not None and asked.slug != cat.slug:
            opening = f"No: put {_article(name)} in {where}, not in {asked.name_en.lower()}."
        elif asked is not None:
            opening = f"Yes, {_article(name)} {_goes(name)} in {where}."
        elif item is None:
            opening = f"Here is how {where} works."
        else:
            opening = f"{_article(name).capitalize()} {_goes(name)} in {where}."
        how = HOW_TO_EN.get(cat.slug, "")
        lines = [opening, _them(how) if item is not None and _plural(name) else how]
        if item is not None:
            exceptions = [
                f"- {other.when_en}: {self.kb.category(other.category).name_en.lower()}"
                for other in item.conditions[:3]
                if other is not cond and other.category != cat.slug
            ]
            if exceptions:
                lines.append("Exceptions:")
                lines.extend(exceptions)
            if cond is not None and item.category != cat.slug:
                usual = self.kb.category(item.category).name_en
                lines.append(f"Otherwise, {_article(name)} {_goes(name)} in {usual.lower()}.")
        if _district_check(item, cond):
            lines.append("This differs between districts: check with your district office (구청).")
        lines.append(f"(Source: EcoEco disposal guide, '{cat.name_en}')")
        return "\n".join(line for line in lines if line)

    def _also(self, guide: Guide, lang: Language, question: str) -> str:
        name = self.subject(guide, lang, question)
        if lang == "ko":
            return f"혹시 {name} 말씀이셨다면, {direction(guide.category.name_ko)} 버려요."
        those = "those go" if _plural(name) else "that goes"
        return f"If you meant {_article(name)}, {those} in {guide.category.name_en.lower()}."


_PARTICLE_KO = r"(?:은|는|이|가|을|를|도|만|이랑|랑|하고|과|와|요|이야|야|이에요|예요)?"


def said_name(item: Item, question: str, lang: Language) -> str:
    """The item's name as the question says it, else its primary name.

    "old rice cooker" is answered as a rice cooker, not as the toaster that names the
    small kitchen appliances; "떡" as 떡, not 빵; "비닐 코팅된 종이" as 코팅된 종이,
    spaced as the question spaces it. The longest name the question holds wins; a
    one-syllable Korean name counts only as a word of its own, a name the question
    denies ("안 깨진 병") does not count, and a broader name ("페트병") leaves the
    primary one that narrows it (투명 페트병).
    """
    primary = item.name_ko if lang == "ko" else item.name_en
    lowered = normalize(question)
    if not lowered:
        return primary
    names = [item.name_ko, *item.synonyms_ko] if lang == "ko" else list(item.names_en)
    said = {name: _said(lowered, _normalized(name), lang) for name in names}
    if said.get(primary) or not any(said.values()):
        return primary
    span = max((span for span in said.values() if span), key=len)
    # a name the primary one narrows ("페트병" of 투명 페트병) says less than the primary
    return primary if span.replace(" ", "") in key(primary) else span


# Names are fixed in a process: each is normalised and its pattern compiled once, not per
# answer (an item's names are read for every answer; their patterns, one per name, overflow
# the `re` module's cache of 512 and were compiled again and again).
_NAME_MEMORY = 16384


@lru_cache(maxsize=_NAME_MEMORY)
def _normalized(name: str) -> str:
    return normalize(name)


@lru_cache(maxsize=_NAME_MEMORY)
def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?:^|\s)({re.escape(name)}(?:s|es)?){_PARTICLE_KO}(?=[\s?.!,]|$)")


def _said(lowered: str, name: str, lang: Language) -> str:
    """How the question writes `name`, if it names it (not denied, not inside a word)."""
    if lang == "en" or len(name.replace(" ", "")) < 2:
        if name not in lowered:  # the pattern holds the name as it is: no match, no pattern
            return ""
        found = _name_pattern(name).search(lowered)
        before = lowered[: found.start()].split()[-1:] if found else []
        return found.group(1) if found and not (before and before[0] in _DENIERS) else ""
    compact = lowered.replace(" ", "")
    at = compact.find(name.replace(" ", ""))
    if at < 0 or compact[:at].endswith(("안", "못", "않은", "아닌", "없는")):
        return ""
    letters = [i for i, ch in enumerate(lowered) if ch != " "]  # compact index -> lowered
    return lowered[letters[at] : letters[at + len(name.replace(" ", "")) - 1] + 1]


_DENIERS = frozenset({"안", "못", "not", "non", "no"})


def _district_check(item: Item | None, cond: Condition | None) -> str:
    """What to check with the district office when the rule varies there, else empty."""
    if cond is not None and cond.district_check:
        return cond.district_check
    return item.district_check if item is not None else ""


def _plural(name: str) -> bool:
    """Whether an English name is plural ("clothes", "seashells", "coffee grounds")."""
    words = name.lower().split()
    return bool(words) and words[-1].endswith("s") and singular(words[-1]) != words[-1]


def _goes(name: str) -> str:
    """The verb agreeing with `name`: "the clothes go", "the can goes"."""
    return "go" if _plural(name) else "goes"


def _them(text: str) -> str:
    """Advice written for one thing, said of several ("rinse it" -> "rinse them")."""
    return re.sub(r"\bit\b", "them", text)


def _article(name: str) -> str:
    """`name` with a definite article, lower-cased."""
    return f"the {name.lower()}"
