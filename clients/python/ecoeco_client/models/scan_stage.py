from enum import StrEnum


class ScanStage(StrEnum):
    ANSWER = "answer"
    REWARD = "reward"
    RULE = "rule"
    VISION = "vision"

    def __str__(self) -> str:
        return str(self.value)
