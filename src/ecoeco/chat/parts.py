"""Which item a part named in a follow-up belongs to: "씨는?" after 수박 is 수박씨 (a name of
과일 itself), "살은?" after 닭 뼈 is 닭's flesh."""

from __future__ import annotations

from ecoeco.chat.focus import core, names_a_part
from ecoeco.knowledge import Item
from ecoeco.knowledge.analogy import part_of
from ecoeco.knowledge.shapes import forms
from ecoeco.knowledge.text import key


def holds_part(item: Item, said: str | None, text: str) -> bool:
    """Whether the part a follow-up names, after the name the conversation used, is a
    name of the item itself: "씨는?" after 수박 is 수박씨, a name of 과일."""
    if not said or not names_a_part(text):
        return False
    words = core(text).strip(" ?!.~").split()
    if not words:
        return False
    names = {key(n) for n in item.all_names()}
    return any(key(f"{said} {part}") in names for part in forms(words[0]))


def owners(item: Item, korean: bool) -> list[str]:
    """What an item named as a part of something is a part of: "닭 뼈", "치킨 뼈" ->
    ["닭", "치킨"]; "chicken bones" -> ["chicken"]. Another part of the same thing is
    asked by naming only that part ("살은?", "what about the meat?")."""
    names = [item.name_ko, *item.synonyms_ko] if korean else list(item.all_names())
    owners: list[str] = []
    for name in names:
        words = name.lower().split()
        last = words[-1] if words else ""
        if len(words) > 1 and (part_of(last) or part_of(last.removesuffix("s"))):
            owners.append(" ".join(words[:-1]))
    return [o for o in dict.fromkeys(owners) if hangul(o) == korean]


def hangul(text: str) -> bool:
    """Whether the text holds a Hangul syllable."""
    return any("\uac00" <= ch <= "\ud7a3" for ch in text)
