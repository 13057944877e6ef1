"""The `ecoeco` command: serve, worker, migrate."""

from __future__ import annotations

import os
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError

from ecoeco import admincli as admin_cli
from ecoeco import benchcli as bench_cli
from ecoeco.composition import SERVICES, WEB, WORKERS, build_app
from ecoeco.core.observability.logging import configure_logging
from ecoeco.core.settings import (
    CoreSettings,
    ProductionRefused,
    SettingsRefused,
    invalid_settings,
    production_problems,
)
from ecoeco.location import cli as location_cli

app = typer.Typer(help="EcoEco backend.", no_args_is_help=True, add_completion=False)


def _refuse(error: SettingsRefused) -> NoReturn:
    typer.echo(str(error), err=True)
    raise typer.Exit(code=2)


def _refuse_invalid(error: ValidationError) -> NoReturn:
    """A setting that does not parse: its variable and what is wrong, not a traceback."""
    refusal = invalid_settings(error)
    if refusal is None:
        raise error
    _refuse(refusal)


def _core_settings() -> CoreSettings:
    try:
        return CoreSettings()
    except ValidationError as error:
        _refuse_invalid(error)


def _run(names: list[str] | None, settings: CoreSettings) -> None:
    from ecoeco.serving import serve as serve_http

    try:
        serve_http(names, settings)
    except SettingsRefused as error:
        _refuse(error)
    except ValidationError as error:
        _refuse_invalid(error)


@app.command()
def serve(
    service: Annotated[
        str | None, typer.Argument(help="one service (or console); all when omitted")
    ] = None,
) -> None:
    """Run every service in one process (embedded default), or one service alone."""
    if service is not None and service not in (*SERVICES, *WEB):
        names = ", ".join((*SERVICES, *WEB))
        raise typer.BadParameter(f"unknown service {service!r}; choose from {names}")
    _run([service] if service else None, _core_settings())


@app.command()
def worker(name: Annotated[str, typer.Argument(help="ai, storage or relay")]) -> None:
    """Run one worker; it also serves /livez, /readyz and /metrics."""
    if name not in WORKERS:
        raise typer.BadParameter(f"unknown worker {name!r}; choose from {', '.join(WORKERS)}")
    _run([name], _core_settings())


@app.command()
def migrate() -> None:
    """Apply every service's database migrations."""
    from ecoeco.migrations import upgrade

    settings = _core_settings()
    configure_logging("migrate", settings.log_level, as_json=settings.log_json)
    database = [p for p in production_problems(settings, ["migrate"]) if "DATABASE_URL" in p]
    if database:
        _refuse(ProductionRefused(database))
    upgrade(settings.effective_database_url)
    typer.echo("migrations applied")


@app.command()
def openapi() -> None:
    """Print the OpenAPI document of the embedded app."""
    import json

    os.environ.setdefault("ECOECO_DATA_DIR", ".ecoeco")
    typer.echo(json.dumps(build_app(CoreSettings()).openapi(), ensure_ascii=False, indent=2))


@app.command("gateway-config")
def gateway_config(
    upstream: Annotated[
        list[str] | None,
        typer.Option(help="PROCESS=HOST:PORT (repeat for replicas); compose host names if none"),
    ] = None,
    listen: Annotated[str, typer.Option(help="nginx `listen` argument")] = "8080",
    web_origin: Annotated[
        list[str] | None,
        typer.Option(
            help="A web origin the apps allow (repeat); ECOECO_WEB_ORIGINS if none, "
            "else the development ones outside production"
        ),
    ] = None,
) -> None:
    """Print the gateway's nginx config, rendered from the routing table."""
    from ecoeco.routing import compose_upstreams, nginx_config

    servers: dict[str, list[str]] = {}
    for item in upstream or []:
        name, sep, address = item.partition("=")
        if not sep or not address:
            raise typer.BadParameter(f"expected PROCESS=HOST:PORT, got {item!r}")
        servers.setdefault(name, []).append(address)
    # The apps' own origins are left out: the gateway is not on their port.
    origins = web_origin or _core_settings().other_web_origins
    try:
        config = nginx_config(servers or compose_upstreams(), web_origins=origins, listen=listen)
        typer.echo(config, nl=False)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


app.command("import-places")(location_cli.import_places)
app.command("seed")(location_cli.seed)
app.add_typer(bench_cli.app, name="bench")
app.add_typer(admin_cli.app, name="users")

if __name__ == "__main__":
    app()
