"""A unit of work's last write with its outbox and inbox rows: one statement, all or none.

On PostgreSQL, in a session the Database made, `write_last` sends the three together
autocommitted; anywhere else they stay in the session's transaction. Either way a
duplicate inbox key leaves nothing of the work behind, so a redelivery writes nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ecoeco.contracts.events import UserDeleted
from ecoeco.core.bus import publish, write_last
from ecoeco.core.bus.apply import apply_once
from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.last_write import _planned, stage_inbox, written_last
from ecoeco.core.bus.models import DeadLetter, InboxRecord, OutboxMessage
from ecoeco.core.bus.ports import MessageContext
from ecoeco.core.db import Database
from tests.conftest import truncate_all
from tests.servers import need

# Any table will do for "the work": a dead letter row, keyed by its message id.
LEFT_TO_DEFAULTS = insert(DeadLetter).values(
    consumer=bindparam("b_consumer"), message_id=bindparam("b_id"), body=bindparam("b_body")
)
WORK = LEFT_TO_DEFAULTS.values(created_at=func.now())


@pytest.fixture
async def postgres(postgres_url: str) -> AsyncIterator[Database]:
    need("postgres")
    database = Database(postgres_url)
    await database.start()
    yield database
    await database.stop()
    await truncate_all(postgres_url)


async def _held(db: Database, work_id: str, event_user: str) -> tuple[int, int, int]:
    """How many rows of the work, its outbox row and its inbox row are committed."""
    async with db.read_session() as session:
        work = await session.scalar(
            select(func.count()).select_from(DeadLetter).where(DeadLetter.message_id == work_id)
        )
        outbox = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.payload["user_id"].as_string() == event_user)
        )
        inbox = await session.scalar(
            select(func.count()).select_from(InboxRecord).where(InboxRecord.message_id == work_id)
        )
    return int(work or 0), int(outbox or 0), int(inbox or 0)


async def _unit(session: AsyncSession, work_id: str, event_user: str) -> None:
    """A handler's unit of work: an event staged, the inbox row staged, the last write."""
    stage_inbox(session, "tester", work_id)
    publish(session, UserDeleted(user_id=event_user))
    await write_last(session, WORK, {"b_consumer": "tester", "b_id": work_id, "b_body": "{}"})


async def test_on_postgres_it_is_one_autocommitted_statement_and_all_or_none(
    postgres: Database,
) -> None:
    work_id, first, second = uuid.uuid4().hex, uuid.uuid4().hex, uuid.uuid4().hex
    async with postgres.session() as session:
        await _unit(session, work_id, first)
        assert written_last(session)
        assert not session.new  # the outbox row left the unit of work: it is written
        # no commit: the statement committed itself
    assert await _held(postgres, work_id, first) == (1, 1, 1)

    async with postgres.session() as session:  # the same message again (a redelivery)
        with pytest.raises(IntegrityError):
            await _unit(session, work_id, second)
        assert not written_last(session)
    assert await _held(postgres, work_id, second) == (1, 0, 1)  # none of it written


async def test_after_a_statement_the_last_write_stays_in_the_transaction(
    postgres: Database,
) -> None:
    work_id, user = uuid.uuid4().hex, uuid.uuid4().hex
    async with postgres.session() as session:
        await session.scalar(select(func.count()).select_from(DeadLetter))  # opens it
        await _unit(session, work_id, user)
        assert not written_last(session)  # the caller writes the inbox row and commits
        await session.rollback()
    assert await _held(postgres, work_id, user) == (0, 0, 0)


async def test_nothing_may_be_written_after_the_last_write(postgres: Database) -> None:
    work_id = uuid.uuid4().hex
    async with postgres.session() as session:
        await _unit(session, work_id, uuid.uuid4().hex)
        publish(session, UserDeleted(user_id=uuid.uuid4().hex))
        with pytest.raises(RuntimeError, match="last"):
            await session.flush()
        with pytest.raises(RuntimeError, match="twice"):
            await write_last(session)


async def test_a_session_made_elsewhere_keeps_its_transaction(postgres: Database) -> None:
    work_id, user = uuid.uuid4().hex, uuid.uuid4().hex
    async with AsyncSession(postgres.engine) as session:
        await _unit(session, work_id, user)
        assert not written_last(session)
        await session.rollback()
    assert await _held(postgres, work_id, user) == (0, 0, 0)


async def test_on_sqlite_the_last_write_stays_in_the_transaction(sqlite_db: Database) -> None:
    sqlite = sqlite_db
    work_id, user = uuid.uuid4().hex, uuid.uuid4().hex
    async with sqlite.session() as session:
        await _unit(session, work_id, user)
        assert not written_last(session)
        await session.rollback()
    assert await _held(sqlite, work_id, user) == (0, 0, 0)
    async with sqlite.session() as session:
        await _unit(session, work_id, user)
        await session.commit()
    assert await _held(sqlite, work_id, user) == (1, 1, 0)  # its inbox row: the caller's


async def test_a_value_left_to_a_python_default_is_refused(postgres: Database) -> None:
    async with postgres.session() as session:
        with pytest.raises(ValueError, match="created_at"):
            await write_last(
                session, LEFT_TO_DEFAULTS, {"b_consumer": "t", "b_id": "x", "b_body": ""}
            )


@pytest.fixture(params=["sqlite", "postgres"])
def either(request: pytest.FixtureRequest) -> Database:
    database = request.getfixturevalue("sqlite_db" if request.param == "sqlite" else "postgres")
    assert isinstance(database, Database)
    return database


async def test_a_redelivered_message_is_applied_once(either: Database) -> None:
    """Through `apply_once`, as a consumer applies it: the second delivery (first or not
    as the broker believes) writes nothing, and is told apart from a failure."""
    work_id, user = uuid.uuid4().hex, uuid.uuid4().hex
    envelope = Envelope.wrap(UserDeleted(user_id=uuid.uuid4().hex))
    runs: list[str] = []

    async def handler(ctx: MessageContext) -> None:
        runs.append(ctx.envelope.id)
        publish(ctx.session, UserDeleted(user_id=user))
        params = {"b_consumer": "tester", "b_id": work_id, "b_body": "{}"}
        await write_last(ctx.session, WORK, params)

    assert await apply_once(either, "tester", handler, envelope, look_first=False)
    # redelivered as if new: the inbox key refuses it, nothing of its work is written
    assert not await apply_once(either, "tester", handler, envelope, look_first=False)
    assert not await apply_once(either, "tester", handler, envelope)  # looked up first
    assert len(runs) == 2
    async with either.read_session() as session:
        inbox = await session.scalar(
            select(func.count())
            .select_from(InboxRecord)
            .where(InboxRecord.message_id == envelope.id)
        )
    assert inbox == 1
    held = await _held(either, work_id, user)
    assert held[:2] == (1, 1)


async def test_on_postgres_the_driver_sends_it_with_sqlalchemys_values(
    postgres: Database,
) -> None:
    dialect = postgres.engine.dialect
    plan = _planned(WORK, 1, True, dialect)
    assert plan is not None
    assert plan.sql is not None  # past SQLAlchemy's execution
    work_id = uuid.uuid4().hex
    returning = (
        update(DeadLetter)
        .where(
            DeadLetter.message_id == bindparam("b_id"),
            DeadLetter.consumer.not_in(["a", "b"]),  # a list the statement carries
        )
        .values(body=bindparam("b_body"))
        .returning(DeadLetter.message_id, DeadLetter.body)
    )
    async with postgres.session() as session:
        await _unit(session, work_id, uuid.uuid4().hex)
    async with postgres.session() as session:
        written = await write_last(session, returning, {"b_id": work_id, "b_body": "new"})
        await session.commit()
    assert written is not None
    assert written.rowcount == 1
    assert tuple(written.first() or ()) == (work_id, "new")
    async with postgres.session() as session:  # a driver's error is SQLAlchemy's
        with pytest.raises(DBAPIError):
            await write_last(session, returning, {"b_id": 5, "b_body": "x"})
        assert not written_last(session)
