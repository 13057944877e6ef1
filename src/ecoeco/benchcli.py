"""`ecoeco bench load`: runs the load harness in bench/load/ with this interpreter."""

from __future__ import annotations

import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

RUNNER = Path(__file__).resolve().parents[2] / "bench" / "load" / "run.py"

app = typer.Typer(help="Benchmarks (from a source checkout).", no_args_is_help=True)


class LoadMode(StrEnum):
    """What the load runs against when no --host is given."""

    embedded = "embedded"
    distributed = "distributed"


def user_levels(value: str) -> str:
    """One user count, or several separated by commas (each a level on the same target)."""
    try:
        levels = [int(part) for part in value.split(",")]
    except ValueError:
        raise typer.BadParameter("whole numbers separated by commas, e.g. 40,80,120") from None
    if not levels or any(not 1 <= n <= 5000 for n in levels):
        raise typer.BadParameter("each level is 1 to 5000 users")
    return ",".join(str(n) for n in levels)


@app.command()
def load(
    users: Annotated[
        str,
        typer.Option(
            callback=user_levels,
            help="virtual users; a comma list (40,80,120) runs each level and a knee chart",
        ),
    ] = "20",
    duration: Annotated[int, typer.Option(min=5, max=24 * 3600, help="seconds")] = 60,
    mode: Annotated[LoadMode, typer.Option(help="start this system")] = LoadMode.embedded,
    host: Annotated[str | None, typer.Option(help="an already running server instead")] = None,
    out: Annotated[Path | None, typer.Option(help="directory for CSV, JSON and PNG")] = None,
    load_below: Annotated[
        float,
        typer.Option(min=0, help="before each level, wait for the 1-minute load to fall below"),
    ] = 1.0,
    load_wait: Annotated[
        float,
        typer.Option(
            min=0, help="seconds to wait for that at most; the level then runs anyway, marked"
        ),
    ] = 240.0,
) -> None:
    """Run the scenario mix; print per-journey figures and write a CSV and a chart."""
    if not RUNNER.is_file():
        typer.echo(f"the load harness is not here ({RUNNER}); run from a source checkout")
        raise typer.Exit(2)
    command = [
        sys.executable,
        str(RUNNER),
        "--users",
        users,
        "--duration",
        str(duration),
        "--mode",
        mode.value,
        "--load-below",
        str(load_below),
        "--load-wait",
        str(load_wait),
    ]
    if host:
        command += ["--host", host]
    if out is not None:
        command += ["--out", str(out)]
    raise typer.Exit(subprocess.run(command, check=False).returncode)
