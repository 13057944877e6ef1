"""Errors raised when the knowledge data cannot be loaded."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One defect in the data: the file, the field path inside it, and what is wrong."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge data is missing or broken; names the file and field of each defect."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("KnowledgeError needs at least one problem")
        self.problems = problems
        lines = [str(p) for p in problems[:20]]
        if len(problems) > 20:
            lines.append(f"... and {len(problems) - 20} more")
        super().__init__("invalid knowledge data:\n  " + "\n  ".join(lines))

    @property
    def file(self) -> str:
        """The file of the first problem."""
        return self.problems[0].file

    @property
    def field(self) -> str:
        """The field path of the first problem."""
        return self.problems[0].field
