from enum import StrEnum


class ScanStageEventStatus(StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    REQUESTED = "requested"
    SKIPPED = "skipped"

    def __str__(self) -> str:
        return str(self.value)
