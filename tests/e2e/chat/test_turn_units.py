"""A chat turn's units of work: Core connections, not ORM sessions, and on a server
database no transaction around a unit of one write.

The turn's statements are prebuilt and its rows never entities; an ORM session around
them cost the event loop more than the statements (its state machine, bind lookup and
hooks), on every create and twice on every question. On PostgreSQL a new conversation
and a stored answer are one INSERT each: autocommitted, without the `BEGIN` and `COMMIT`
round trips; the person's message (marked active, recent turns read, stored) stays one
transaction, committed before the answer starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import RunningApp
from tests.e2e.chat.conftest import Chat, person, sse_events

_IN_BLOCK: ContextVar[bool] = ContextVar("in_block", default=False)


@contextmanager
def own_work() -> Iterator[None]:
    """Mark the block's own work: its requests run in-process, in this task or in tasks
    started from it. The app's background tasks (the outbox relay, periodic jobs, pool
    gauges) began before the block and are not its work: in a long run one of them may
    send a statement while the block runs (the relay's fallback poll is a transaction
    every 0.5 s)."""
    inside = _IN_BLOCK.set(True)
    try:
        yield
    finally:
        _IN_BLOCK.reset(inside)


@contextmanager
def sessions_begun() -> Iterator[list[Session]]:
    """The ORM sessions that the block's own work begins (`own_work`)."""
    begun: list[Session] = []

    def record(session: Session, *_args: Any) -> None:
        if _IN_BLOCK.get():
            begun.append(session)

    event.listen(Session, "after_begin", record)
    try:
        with own_work():
            yield begun
    finally:
        event.remove(Session, "after_begin", record)


@contextmanager
def transaction_commands(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """`BEGIN`, `COMMIT` and `ROLLBACK` as asyncpg sends them (each a round trip) for the
    block's own work (`own_work`)."""
    import asyncpg

    sent: list[str] = []
    plain = asyncpg.Connection.execute

    async def execute(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        if _IN_BLOCK.get():
            sent.append(query.split()[0].rstrip(";").upper())
        return await plain(self, query, *args, **kwargs)

    with monkeypatch.context() as patched, own_work():
        patched.setattr(asyncpg.Connection, "execute", execute)
        yield sent


async def warmed(running: RunningApp, signer: TokenSigner) -> Chat:
    """A new person, after a first question (the first request of a process does more)."""
    chat = person(running, signer)
    await chat.ask(await chat.new(), "안녕")
    return chat


async def ask(running: RunningApp, headers: dict[str, str], conversation: str) -> None:
    response = await running.client.post(
        f"/api/v1/chat/{conversation}/messages",
        json={"text": "페트병 어떻게 버려요?"},
        headers=headers,
    )
    assert response.status_code == 200
    assert [name for name, _ in sse_events(response.text)][-1] == "final"


async def test_a_conversation_and_a_question_open_no_orm_session(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = await warmed(running, signer)
        with sessions_begun() as begun:
            conversation = await chat.new()
            await ask(running, chat.headers, conversation)
        assert begun == []
        # What they wrote is there for the ORM's readers.
        listed = await running.client.get(
            f"/api/v1/chat/{conversation}/messages", headers=chat.headers
        )
        roles = [m["role"] for m in listed.json()["items"]]
        assert roles == ["user", "assistant"]


async def test_on_postgres_only_the_accepted_message_is_a_transaction(
    chat_app: Any, signer: TokenSigner, backend: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend.name != "postgres":
        pytest.skip("SQLite's BEGIN and COMMIT are no round trips")
    async with chat_app() as running:
        chat = await warmed(running, signer)
        with transaction_commands(monkeypatch) as sent:
            conversation = await chat.new()
        assert sent == []
        with transaction_commands(monkeypatch) as sent:
            await ask(running, chat.headers, conversation)
        assert sent == ["BEGIN", "COMMIT"]
        # With an Idempotency-Key a new conversation is looked up first: one transaction.
        keyed = {**chat.headers, "Idempotency-Key": "k1"}
        with transaction_commands(monkeypatch) as sent:
            first = await running.client.post("/api/v1/chat", json={}, headers=keyed)
            again = await running.client.post("/api/v1/chat", json={}, headers=keyed)
        assert first.status_code == again.status_code == 201
        assert first.json()["id"] == again.json()["id"]
        assert sent == ["BEGIN", "COMMIT"] * 2
