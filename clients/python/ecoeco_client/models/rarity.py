from enum import StrEnum


class Rarity(StrEnum):
    COMMON = "common"
    RARE = "rare"
    UNCOMMON = "uncommon"

    def __str__(self) -> str:
        return str(self.value)
