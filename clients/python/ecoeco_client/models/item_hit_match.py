from enum import StrEnum


class ItemHitMatch(StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"
    SEMANTIC = "semantic"
    SYNONYM = "synonym"

    def __str__(self) -> str:
        return str(self.value)
