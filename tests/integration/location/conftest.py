"""A started Database on the backend under test, and the fixture files."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ecoeco.core.db import Database
from tests.conftest import Backend

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "location"


@pytest.fixture
async def db(backend: Backend) -> AsyncIterator[Database]:
    """The backend's database, started; the backend fixture cleans it afterwards."""
    database = Database(backend.settings.effective_database_url)
    await database.start()
    yield database
    await database.stop()
