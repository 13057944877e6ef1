from enum import StrEnum


class OwnedCharacterOutSource(StrEnum):
    SCAN = "scan"
    STARTER = "starter"

    def __str__(self) -> str:
        return str(self.value)
