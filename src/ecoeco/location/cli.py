"""`ecoeco import-places` and `ecoeco seed`: load places with a progress bar and a report."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ecoeco.core.db import Database
from ecoeco.core.observability.logging import configure_logging
from ecoeco.core.settings import CoreSettings
from ecoeco.location.demo import DEMO_SOURCE, demo_places
from ecoeco.location.importer import ImportReport, ParsedRow, import_rows, read_csv, read_geojson
from ecoeco.location.importer.csv_format import LayoutError
from ecoeco.location.kinds import PlaceKind
from ecoeco.location.settings import LocationSettings

console = Console(stderr=True)


class FileFormat(StrEnum):
    """Input formats the importer reads."""

    csv = "csv"
    geojson = "geojson"


def _count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def _database(settings: CoreSettings) -> str:
    configure_logging("import", settings.log_level, as_json=settings.log_json)
    url = settings.effective_database_url
    if settings.embedded:
        from ecoeco.migrations import upgrade

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(url)
    return url


async def _run(url: str, rows: Iterable[ParsedRow], total: int, batch_size: int) -> ImportReport:
    db = Database(url)
    await db.start()
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    try:
        with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
            task = progress.add_task("importing", total=total)
            advance: Callable[[int], None] = partial(progress.advance, task)
            return await import_rows(db, rows, batch_size=batch_size, progress=advance)
    finally:
        await db.stop()


def _show(report: ImportReport) -> None:
    table = Table(title="import report")
    for column in ("inserted", "updated", "skipped", "invalid", "rows/s"):
        table.add_column(column, justify="right")
    rate = report.rows / report.seconds if report.seconds else 0.0
    table.add_row(
        *(str(n) for n in (report.inserted, report.updated, report.skipped, report.invalid)),
        f"{rate:,.0f}",
    )
    console.print(table)
    for line, reason in report.problems[:50]:
        console.print(f"  line {line}: {reason}", style="yellow", markup=False)
    if report.invalid > 50:
        console.print(f"  ... and {report.invalid - 50} more invalid rows (see the log)")


def import_places(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    source: Annotated[str, typer.Option(help="dataset name; ids are unique within it")],
    format: Annotated[
        FileFormat | None, typer.Option("--format", help="csv or geojson (default: by extension)")
    ] = None,
    kind: Annotated[
        list[PlaceKind] | None, typer.Option(help="kind for rows that name none (repeatable)")
    ] = None,
) -> None:
    """Import places from a public CSV or GeoJSON file, idempotently by (source, source id)."""
    if not source.strip() or len(source) > 50:
        raise typer.BadParameter("--source must be 1-50 characters")
    chosen = format or (
        FileFormat.geojson if file.suffix.lower() in (".geojson", ".json") else FileFormat.csv
    )
    defaults = tuple(kind or ())
    try:
        if chosen is FileFormat.csv:
            total, rows = max(_count_lines(file) - 1, 0), read_csv(file, source, defaults)
        else:
            total, rows = read_geojson(file, source, defaults)
    except LayoutError as exc:
        console.print(f"cannot import {file}: {exc}", style="red", markup=False)
        raise typer.Exit(2) from None
    url = _database(CoreSettings())
    report = asyncio.run(_run(url, rows, total, LocationSettings().import_batch_size))
    _show(report)


def _demo_rows(count: int, seed: int) -> Iterator[ParsedRow]:
    for number, record in enumerate(demo_places(count, seed), 1):
        yield ParsedRow(number, record=record)


def seed(
    count: Annotated[int, typer.Option(min=1, max=1_000_000, help="how many places")] = 3000,
    random_seed: Annotated[int, typer.Option(help="same seed, same places")] = 2026,
) -> None:
    """Load the synthetic demo places over Seoul (source `demo`; not real places)."""
    url = _database(CoreSettings())
    report = asyncio.run(
        _run(url, _demo_rows(count, random_seed), count, LocationSettings().import_batch_size)
    )
    _show(report)
    console.print(f"synthetic demo data, source={DEMO_SOURCE!r}: names start with [데모]")
