"""Alembic migrations: one branch per service (and `bus`), applied with `heads`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config

if TYPE_CHECKING:
    from ecoeco.core.settings import CoreSettings

HERE = Path(__file__).parent


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
