from enum import StrEnum


class GuideParent(StrEnum):
    OTHER = "other"
    RECYCLABLE = "recyclable"

    def __str__(self) -> str:
        return str(self.value)
