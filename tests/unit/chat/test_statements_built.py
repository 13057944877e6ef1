"""A conversation the caller opens, renames, exports or deletes is selected by one statement
built at import: each request binds its ids instead of building and compiling a new SELECT."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from ecoeco.chat import repository
from ecoeco.chat.errors import ConversationNotFound
from ecoeco.chat.models import Conversation
from ecoeco.chat.repository import ConversationRepository
from ecoeco.chat.service import conversation
from ecoeco.core.db import Database
from ecoeco.core.db.session import committing
from tests.statements import recorder


async def test_every_read_of_an_owned_conversation_runs_the_module_level_select(
    sqlite_db: Database,
) -> None:
    db = sqlite_db
    async with committing(db.session()) as session:
        await ConversationRepository(session).add(Conversation(id="c1", user_id="u1"))
    ran: list[object] = []
    async with committing(db.read_session()) as session:
        event.listen(session.sync_session, "do_orm_execute", recorder(ran))
        assert (await conversation(session, "u1", "c1")).id == "c1"
        with pytest.raises(ConversationNotFound):
            await conversation(session, "u2", "c1")
        assert await ConversationRepository(session).owned("c2", "u1") is None
    assert len(ran) == 3
    assert all(statement is repository._OWNED_ENTITY for statement in ran)
