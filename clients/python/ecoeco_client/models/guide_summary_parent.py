from enum import StrEnum


class GuideSummaryParent(StrEnum):
    OTHER = "other"
    RECYCLABLE = "recyclable"

    def __str__(self) -> str:
        return str(self.value)
