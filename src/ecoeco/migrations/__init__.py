"""Alembic migrations: one branch per service (and `bus`), applied with `heads`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config

if TYPE_CHECKING:
    from ecoeco.core.settings import CoreSettings

HERE = Path(__file__).parent
log = logging.getLogger(__name__)


def alembic_config(url: str) -> Config:
    """An Alembic config for the given database URL, without an ini file."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    locations = sorted(str(p) for p in (HERE / "versions").iterdir() if p.is_dir())
    config.set_main_option("version_locations", " ".join(locations))
    config.set_main_option("path_separator", "space")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, target: str = "heads") -> None:
    """Apply every branch's migrations up to `target` (blocking; call outside a loop)."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), target)


def prepare_embedded(settings: CoreSettings) -> None:
    """In the one-process default, make the data folder and bring its SQLite file up to date.

    A no-op with a server database: there, migrations are a deployment step of their own.
    """
    if settings.embedded:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(settings.effective_database_url)


def missing_revisions(url: str, connect_seconds: float = 5.0) -> list[str] | None:
    """The migrations this code has that the database at `url` lacks, oldest first.

    Empty when the database is at this code's heads or past them (a newer release has
    migrated it: migrations stay compatible for one release, so this one still runs).
    None when the database cannot be reached: its readiness check reports that, and a
    process started before its database must not be refused for it.
    """
    import asyncio

    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    async def current() -> set[str]:
        engine = create_async_engine(
            url, poolclass=NullPool, connect_args={"timeout": connect_seconds}
        )
        try:
            async with engine.connect() as connection:
                heads = await connection.run_sync(
                    lambda sync: MigrationContext.configure(sync).get_current_heads()
                )
        finally:
            await engine.dispose()
        return set(heads)

    try:
        applied_heads = asyncio.run(current())
    except Exception as error:  # down, refusing us, or not resolvable yet
        log.warning("could not read the database's migrations: %s", error)
        return None
    script = ScriptDirectory.from_config(alembic_config(url))
    applied: set[str] = set()
    for head in applied_heads:
        try:
            applied.update(r.revision for r in script.iterate_revisions(head, "base"))
        except (CommandError, RevisionError):  # a revision of a newer release
            return []
    oldest_first = reversed(list(script.walk_revisions()))
    return [r.revision for r in oldest_first if r.revision not in applied]


def refuse_unmigrated(settings: CoreSettings) -> None:
    """Raise `SettingsRefused` when the server database lacks migrations this code needs
    (`ecoeco migrate` is a deployment step of its own there); the embedded mode has just
    applied its own (`prepare_embedded`)."""
    if settings.embedded:
        return
    missing = missing_revisions(settings.effective_database_url)
    if not missing:
        return
    from ecoeco.core.settings import SettingsRefused

    named = ", ".join(missing) if len(missing) <= 3 else f"{missing[0]} ... {missing[-1]}"
    raise SettingsRefused(
        [
            f"the database named by ECOECO_DATABASE_URL lacks {len(missing)} migration(s) "
            f"of this release ({named}): run `ecoeco migrate` first"
        ]
    )
