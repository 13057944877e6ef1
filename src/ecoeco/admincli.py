"""`ecoeco users grant-admin EMAIL` / `revoke-admin EMAIL`: the admin role, audited;
`ecoeco users reapply-erasures`: erasure again after a database restore."""

from __future__ import annotations

import asyncio
import getpass
from datetime import UTC, datetime
from typing import Annotated

import typer

from ecoeco.auth.roles import RoleChangeResult, change_role
from ecoeco.composition import build_container
from ecoeco.core.errors import AppError
from ecoeco.core.observability.logging import configure_logging
from ecoeco.core.settings import CoreSettings
from ecoeco.erasures import reapply

app = typer.Typer(help="People's accounts: roles, erasure.", no_args_is_help=True)

Actor = Annotated[
    str | None, typer.Option(help="who makes the change, for the audit (default: OS user)")
]


async def _change(settings: CoreSettings, email: str, grant: bool, actor: str) -> RoleChangeResult:
    container = build_container(settings, "cli")
    await container.db.start()
    try:
        async with container.db.transaction() as session:
            return await change_role(
                session, container.cache, email=email, role="admin", grant=grant, actor=actor
            )
    finally:
        await container.db.stop()
        await container.close()


def _run(email: str, grant: bool, actor: str | None) -> None:
    settings = CoreSettings()
    configure_logging("cli", "WARNING", as_json=settings.log_json)
    who = actor or f"cli:{getpass.getuser()}"
    from ecoeco.migrations import prepare_embedded

    prepare_embedded(settings)
    try:
        result = asyncio.run(_change(settings, email, grant, who))
    except AppError as error:
        typer.echo(f"error: {error.message}", err=True)
        raise typer.Exit(code=1) from None
    verb = "granted to" if grant else "revoked from"
    same = "" if result.changed else " (no change: it already was so)"
    typer.echo(f"admin {verb} {email} (account {result.account_id}){same}")
    if result.sessions_cut:
        typer.echo(f"{result.sessions_cut} current access token(s) revoked; sessions refresh")


@app.command("grant-admin")
def grant_admin(email: str, actor: Actor = None) -> None:
    """Make the person an admin: their next token (login or refresh) carries `admin`."""
    _run(email, True, actor)


@app.command("revoke-admin")
def revoke_admin(email: str, actor: Actor = None) -> None:
    """Take the admin role away; current sessions lose it at once (they refresh without it)."""
    _run(email, False, actor)


@app.command("reapply-erasures")
def reapply_erasures(
    since: Annotated[
        datetime | None,
        typer.Option(help="when the restored backup was taken (UTC unless a zone is given)"),
    ] = None,
) -> None:
    """Erase again everyone deleted since the backup a restored database came from."""
    settings = CoreSettings()
    configure_logging("cli", "WARNING", as_json=settings.log_json)
    moment = since.replace(tzinfo=since.tzinfo or UTC) if since is not None else None
    if settings.embedded and not (settings.data_dir / "ecoeco.db").exists():
        typer.echo(f"error: no database in {settings.data_dir} (ECOECO_DATA_DIR)", err=True)
        raise typer.Exit(code=1)
    result = asyncio.run(reapply(settings, moment))
    typer.echo(
        f"{result.records} deletion record(s) since {moment.isoformat() if moment else 'ever'}; "
        f"{result.erased} account(s) found in the database and erased again"
    )
