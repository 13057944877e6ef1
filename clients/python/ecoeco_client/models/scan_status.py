from enum import StrEnum


class ScanStatus(StrEnum):
    DONE = "done"
    FAILED = "failed"
    NEEDS_CONFIRMATION = "needs_confirmation"
    QUEUED = "queued"
    RUNNING = "running"

    def __str__(self) -> str:
        return str(self.value)
