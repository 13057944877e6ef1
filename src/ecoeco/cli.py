"""The `ecoeco` command: serve, worker, migrate."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from ecoeco import benchcli as bench_cli
from ecoeco.composition import SERVICES, WORKERS, build_app
from ecoeco.core.observability.logging import configure_logging
from ecoeco.core.settings import CoreSettings
from ecoeco.location import cli as location_cli

app = typer.Typer(help="EcoEco backend.", no_args_is_help=True, add_completion=False)


def _run(names: list[str] | None, settings: CoreSettings) -> None:
    label = "all" if not names else "+".join(names)
    configure_logging(label, settings.log_level, as_json=settings.log_json)
    if settings.embedded:
        from ecoeco.migrations import upgrade

        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(settings.effective_database_url)
    uvicorn.run(
        build_app(settings, names),
        host=settings.host,
        port=settings.port,
        log_config=None,
        proxy_headers=True,
        timeout_graceful_shutdown=10,
    )


@app.command()
def serve(
    service: Annotated[str | None, typer.Argument(help="one service; all when omitted")] = None,
) -> None:
    """Run every service in one process (embedded default), or one service alone."""
    if service is not None and service not in SERVICES:
        raise typer.BadParameter(f"unknown service {service!r}; choose from {', '.join(SERVICES)}")
    settings = CoreSettings()
    _run([service] if service else None, settings)


@app.command()
def worker(name: Annotated[str, typer.Argument(help="ai, storage or relay")]) -> None:
    """Run one worker; it also serves /livez, /readyz and /metrics."""
    if name not in WORKERS:
        raise typer.BadParameter(f"unknown worker {name!r}; choose from {', '.join(WORKERS)}")
    _run([name], CoreSettings())


@app.command()
def migrate() -> None:
    """Apply every service's database migrations."""
    from ecoeco.migrations import upgrade

    settings = CoreSettings()
    configure_logging("migrate", settings.log_level, as_json=settings.log_json)
    upgrade(settings.effective_database_url)
    typer.echo("migrations applied")


@app.command()
def openapi() -> None:
    """Print the OpenAPI document of the embedded app."""
    import json

    os.environ.setdefault("ECOECO_DATA_DIR", ".ecoeco")
    typer.echo(json.dumps(build_app(CoreSettings()).openapi(), ensure_ascii=False, indent=2))


app.command("import-places")(location_cli.import_places)
app.command("seed")(location_cli.seed)
app.add_typer(bench_cli.app, name="bench")

if __name__ == "__main__":
    app()
