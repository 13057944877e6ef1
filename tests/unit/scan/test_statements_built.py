"""The scan a progress stream (SSE) or a GET reads is selected by one statement built at
import: each request binds its ids instead of building and compiling a new SELECT."""

from __future__ import annotations

from sqlalchemy import event

from ecoeco.core.db import Database
from ecoeco.core.db.session import committing
from ecoeco.scan import repository
from ecoeco.scan.models import ScanJob
from ecoeco.scan.repository import ScanRepository
from ecoeco.scan.service import find
from tests.statements import recorder


async def test_every_read_of_an_owned_scan_runs_the_module_level_select(
    sqlite_db: Database,
) -> None:
    db = sqlite_db
    async with committing(db.session()) as session:
        await ScanRepository(session).add(ScanJob(id="s1", user_id="u1", status="queued"))
    ran = []
    async with committing(db.read_session()) as session:
        event.listen(session.sync_session, "do_orm_execute", recorder(ran))
        assert (await find(session, "u1", "s1")).id == "s1"
        assert await ScanRepository(session).owned("s1", "u2") is None
        assert (await ScanRepository(session).owned("s1", "u1")) is not None
    assert len(ran) == 3
    assert all(statement is repository._OWNED for statement in ran)
