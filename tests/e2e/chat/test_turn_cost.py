"""What a chat turn costs: its database statements, and its hand-offs to the CPU pool.

Everything here is CPU on the one event loop that also streams everyone's answers, so it
is part of every first token's cost. A question is marked active (proving it is the
caller's conversation) without being read first, and nothing written is read back; a
question understood cheaply before is understood again on the loop, not in the pool; an
answer without an LLM leaves in three messages, not five, and over the socket in two
writes (the headers go with the first piece), a new conversation in one.
"""

from __future__ import annotations

import asyncio
import functools
import socket
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import datetime
from typing import Any

import httpx
import pytest
import uvicorn
from prometheus_client import REGISTRY
from sqlalchemy import event
from starlette.types import Message, Receive, Scope, Send

from ecoeco.core import cpu
from ecoeco.core.security.tokens import TokenSigner
from ecoeco.serving import http_protocol
from tests.conftest import RunningApp
from tests.e2e.chat.conftest import person, sse_events


@contextmanager
def statements(running: RunningApp) -> Iterator[list[str]]:
    """The SQL statements the app sends while the block runs (first words, upper case)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        seen.append(" ".join(sql.split()[:3]).upper())

    engine = running.container.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def test_a_conversation_is_one_insert_and_a_question_four_statements(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        await chat.ask(await chat.new(), "안녕")  # warm: the first request of a process
        with statements(running) as seen:
            conversation = await chat.new()
        assert [s.split()[0] for s in seen] == ["INSERT"]
        with statements(running) as seen:
            response = await running.client.post(
                f"/api/v1/chat/{conversation}/messages",
                json={"text": "페트병 어떻게 버려요?"},
                headers=chat.headers,
            )
        assert response.status_code == 200
        assert [name for name, _ in sse_events(response.text)][-1] == "final"
        verbs = [s.split()[0] for s in seen]
        # Marked active (which proves ownership), recent turns read, question stored;
        # then the answer stored. The conversation row is never read.
        assert verbs == ["UPDATE", "SELECT", "INSERT", "INSERT"], seen
        assert not any(s.startswith("SELECT") and "CONVERSATIONS" in s for s in seen)


async def test_the_first_question_titles_the_conversation_and_each_one_touches_it(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        created = await running.client.get(f"/api/v1/chat/{conversation}", headers=chat.headers)
        assert created.json()["title"] is None
        await chat.ask(conversation, "  깨진 유리 어떻게 버려?  ")
        await chat.ask(conversation, "그럼 거울은?")
        found = await running.client.get(f"/api/v1/chat/{conversation}", headers=chat.headers)
        body = found.json()
        assert body["title"] == "깨진 유리 어떻게 버려?"
        touched = datetime.fromisoformat(body["updated_at"])
        assert touched > datetime.fromisoformat(created.json()["updated_at"])
        named = await running.client.post(
            "/api/v1/chat", json={"title": "유리"}, headers=chat.headers
        )
        await chat.ask(named.json()["id"], "병뚜껑은?")
        kept = await running.client.get(f"/api/v1/chat/{named.json()['id']}", headers=chat.headers)
        assert kept.json()["title"] == "유리"


async def test_a_refused_question_writes_nothing_and_still_says_not_found_first(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        owner, other = person(running, signer), person(running, signer)
        conversation = await owner.new()
        before = await running.client.get(f"/api/v1/chat/{conversation}", headers=owner.headers)
        url = f"/api/v1/chat/{conversation}/messages"
        too_long = {"text": "가" * 5000}
        # Someone else's conversation is not found, even for a message that is refused.
        refused = await running.client.post(url, json=too_long, headers=other.headers)
        assert refused.status_code == 404
        mine = await running.client.post(url, json=too_long, headers=owner.headers)
        assert mine.status_code == 422
        assert mine.json()["error"]["code"] == "message_too_long"
        after = await running.client.get(f"/api/v1/chat/{conversation}", headers=owner.headers)
        assert after.json() == before.json()
        listed = await running.client.get(url, headers=owner.headers)
        assert listed.json()["items"] == []


def pool_jobs() -> float:
    """Chat jobs the CPU pool has taken so far (the count of their waits for a thread)."""
    labels = {"kind": "chat"}
    return REGISTRY.get_sample_value("ecoeco_cpu_queue_wait_seconds_count", labels) or 0.0


async def test_a_question_understood_cheaply_before_skips_the_cpu_pool(
    chat_app: Any, signer: TokenSigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Which runs count as cheap is timed (tests/unit/core/test_cpu.py checks the budget);
    # here every run is cheap, so the count of pool jobs depends on the keys alone and not
    # on how busy the machine is (at 1 ms, a loaded machine sent the repeat to the pool).
    generous = functools.partial(cpu.InlineWhenCheap, budget=60.0)
    monkeypatch.setattr("ecoeco.chat.assistant.InlineWhenCheap", generous)
    async with chat_app() as running:
        chat = person(running, signer)
        before = pool_jobs()
        first = await chat.ask(await chat.new(), "페트병 어떻게 버려요?")
        assert pool_jobs() == before + 1
        again = await chat.ask(await chat.new(), "페트병 어떻게 버려요?")
        assert pool_jobs() == before + 1  # the same question, understood on the loop
        assert again["text"] == first["text"]
        assert again["sources"] == first["sources"]
        # Another question, or the same words as a follow-up of another item, is new work.
        conversation = await chat.new()
        await chat.ask(conversation, "깨진 유리 어떻게 버려?")
        assert pool_jobs() == before + 2
        await chat.ask(conversation, "페트병 어떻게 버려요?")
        assert pool_jobs() == before + 3


async def test_an_answer_without_an_llm_leaves_in_three_writes(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        conversation = await chat.new()
        sent: list[Message] = []
        received: list[Message] = []

        async def recording(scope: Scope, receive: Receive, send: Send) -> None:
            async def record(message: Message) -> None:
                sent.append(message)
                await send(message)

            async def listen() -> Message:
                received.append(await receive())
                return received[-1]

            await running.app(scope, listen, record)

        transport = httpx.ASGITransport(app=recording)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post(
                f"/api/v1/chat/{conversation}/messages",
                json={"text": "페트병 어떻게 버려요?"},
                headers=chat.headers,
            )
        names = [name for name, _ in sse_events(response.text)]
        assert names[:2] == ["start", "chunk"]
        assert names[-1] == "final"
        assert names.count("chunk") > 3
        # The headers; `start` with the first chunk; the other chunks with `final`, which
        # ends the body.
        assert [m["type"] for m in sent] == ["http.response.start", *["http.response.body"] * 2]
        first, rest = sent[1]["body"], sent[2]["body"]
        assert first.startswith(b"event: start")
        assert first.count(b"event: chunk") == 1
        assert rest.endswith(b"\n\n")
        assert b"event: final" in rest
        assert [m.get("more_body", False) for m in sent[1:]] == [True, False]
        # The request's body was read, and nothing waited for the client to leave (the
        # answer was whole before its first piece left).
        assert {m["type"] for m in received} == {"http.request"}


class _Counted:
    """A connection's transport that keeps what each write sent (one system call each)."""

    def __init__(self, transport: asyncio.Transport, writes: list[bytes]) -> None:
        self.transport = transport
        self.writes = writes

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))
        self.transport.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.transport, name)


@asynccontextmanager
async def served(app: Any, writes: list[bytes]) -> AsyncIterator[httpx.AsyncClient]:
    """The app behind uvicorn with the protocol `ecoeco serve` runs, on a local socket."""

    class Counting(http_protocol()):  # type: ignore[misc,valid-type]
        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(_Counted(transport, writes))

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, http=Counting, lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        await asyncio.sleep(0.01)
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        async with httpx.AsyncClient(base_url=base) as client:
            yield client
    finally:
        server.should_exit = True
        await task


async def test_over_the_socket_a_conversation_is_one_write_and_an_answer_two(
    chat_app: Any, signer: TokenSigner
) -> None:
    async with chat_app() as running:
        chat = person(running, signer)
        writes: list[bytes] = []
        async with served(running.app, writes) as client:
            created = await client.post("/api/v1/chat", json={}, headers=chat.headers)
            assert created.status_code == 201
            # The status line and headers leave with the body, in one write.
            assert len(writes) == 1
            assert writes[0].startswith(b"HTTP/1.1 201")
            assert writes[0].endswith(created.content)
            writes.clear()
            url = f"/api/v1/chat/{created.json()['id']}/messages"
            response = await client.post(url, json={"text": "병뚜껑은?"}, headers=chat.headers)
        assert [name for name, _ in sse_events(response.text)][-1] == "final"
        # The headers with `start` and the first chunk; the other chunks with `final`.
        assert len(writes) == 2
        head, _, first = writes[0].partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200")
        assert b"text/event-stream" in head
        assert b"event: start" in first
        assert first.count(b"event: chunk") == 1
        assert b"event: final" in writes[1]
