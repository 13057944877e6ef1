"""Load the evaluation sets and score item search and chat answers per kind."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ecoeco.chat.assistant import Assistant, Turn

HERE = Path(__file__).resolve().parent
NONE = "none"  # the query is not about an item: no item, no cited source


@dataclass(frozen=True)
class Case:
    """One query with the category its answer must lead with (or `none`)."""

    q: str
    expect: str
    kind: str
    tag: str = ""  # within a fresh round: which kind of case it is (figures per tag)
    before: tuple[str, ...] = ()  # chat: earlier messages of the same conversation


@dataclass
class Score:
    """Right answers per kind, and what went wrong."""

    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    misses: list[tuple[Case, str]] = field(default_factory=list)

    def add(self, case: Case, got: str | None) -> None:
        """Count one answer (`got` is a category slug, or None for no answer)."""
        keys = [case.kind] + ([f"{case.kind}/{case.tag}"] if case.tag else [])
        for key in keys:
            self.total[key] = self.total.get(key, 0) + 1
        if (got or NONE) == case.expect:
            for key in keys:
                self.right[key] = self.right.get(key, 0) + 1
        else:
            self.misses.append((case, got or NONE))

    def accuracy(self, kind: str | None = None) -> float:
        """The share right, for one kind or overall."""
        kinds = [kind] if kind else [k for k in self.total if "/" not in k]
        total = sum(self.total[k] for k in kinds)
        return sum(self.right.get(k, 0) for k in kinds) / total if total else 0.0

    def report(self, title: str) -> str:
        """Per-kind figures and the misses, as printable lines."""
        cases = sum(v for k, v in self.total.items() if "/" not in k)
        lines = [f"{title}: {self.accuracy():.1%} of {cases}"]
        for kind in self.total:
            right, total = self.right.get(kind, 0), self.total[kind]
            name = f"  {kind.split('/')[1]}" if "/" in kind else kind
            lines.append(f"  {name:<15} {right:>3}/{total:<3} {right / total:.1%}")
        for case, got in self.misses:
            where = f"{case.kind}/{case.tag}" if case.tag else case.kind
            lines.append(f"  wrong [{where}] {case.q!r}: expected {case.expect}, got {got}")
        return "\n".join(lines)


def load(name: str, section: str = "kinds") -> list[Case]:
    """The cases of `items` or `chat`, in file order.

    `section` "open" holds the answers the guidance leaves to the district office: they
    are scored apart and kept out of the floors.
    """
    data = yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))
    return [
        Case(
            str(entry["q"]),
            str(entry["expect"]),
            kind,
            str(entry.get("tag", "")),
            tuple(str(turn) for turn in entry.get("before", ())),
        )
        for kind, entries in (data.get(section) or {}).items()
        for entry in entries
    ]


async def score(cases: list[Case], answer: Callable[[Case], Awaitable[str | None]]) -> Score:
    """Ask every case; `answer` returns the leading category slug, or None."""
    result = Score()
    for case in cases:
        result.add(case, await answer(case))
    return result


async def first_source(assistant: Assistant, case: Case) -> str | None:
    """The category of the first cited source of the chat's answer to the case's last message.

    The earlier messages (`before`) are asked first in the same conversation: each turn
    carries what the last answer left for the next one, as the chat service does.
    """
    previous: dict[str, Any] = {}
    key = uuid.uuid4().hex
    for text in (*case.before, case.q):
        answer = await assistant.answer(Turn(text, "", key, previous=previous))
        previous = answer.context
    return str(answer.sources[0]["category"]["slug"]) if answer.sources else None
