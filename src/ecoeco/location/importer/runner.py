"""Write parsed rows in batches inside one transaction, counting what happened to each."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ecoeco.core.db import Database
from ecoeco.location.records import PlaceRecord
from ecoeco.location.repository import PlaceRepository

log = logging.getLogger(__name__)

MAX_KEPT_PROBLEMS = 1000


@dataclass(frozen=True)
class ParsedRow:
    """One row of an input file: a record, or why it is invalid; `line` as people count."""

    line: int
    record: PlaceRecord | None = None
    error: str | None = None


@dataclass
class ImportReport:
    """What an import did."""

    inserted: int = 0
    updated: int = 0
    skipped: int = 0
    invalid: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        """Rows read, valid or not."""
        return self.inserted + self.updated + self.skipped + self.invalid

    def reject(self, line: int, reason: str) -> None:
        """Count an invalid row and log it with its line number."""
        self.invalid += 1
        log.warning("line %d skipped: %s", line, reason)
        if len(self.problems) < MAX_KEPT_PROBLEMS:
            self.problems.append((line, reason))


async def import_rows(
    db: Database,
    rows: Iterable[ParsedRow],
    *,
    batch_size: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Upsert every valid row; the whole file commits at once or not at all."""
    report = ImportReport()
    started = time.perf_counter()
    seen: dict[tuple[str, str], int] = {}
    batch: list[PlaceRecord] = []
    async with db.transaction() as session:
        places = PlaceRepository(session)

        async def flush() -> None:
            counts = await places.upsert(batch)
            report.inserted += counts.inserted
            report.updated += counts.updated
            report.skipped += counts.skipped
            batch.clear()

        for row in rows:
            if progress is not None:
                progress(1)
            if row.record is None:
                report.reject(row.line, row.error or "invalid row")
                continue
            ident = (row.record.source, row.record.source_id)
            if ident in seen:
                report.reject(row.line, f"duplicate source id {ident[1]!r} (line {seen[ident]})")
                continue
            seen[ident] = row.line
            batch.append(row.record)
            if len(batch) >= batch_size:
                await flush()
        if batch:
            await flush()
    report.seconds = time.perf_counter() - started
    return report
