"""Chat sockets notice logout, expiry, revocation and erasure: at the next frame, and
unprompted within the re-check interval; tokens never travel in the URL."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest
from sqlalchemy import select

from ecoeco.chat.models import ChatMessage, Conversation
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.security.tokens import TokenSigner, revoked_key
from ecoeco.core.settings import CoreSettings
from tests.conftest import AppFactory, RunningApp
from tests.e2e.chat.conftest import WebSocketSession

WS = "/api/v1/chat/ws"
APP = ["auth", "users", "chat"]


async def _login(running: RunningApp) -> tuple[dict[str, str], str]:
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    response = await running.client.post("/api/v1/auth/dev/login", json={"email": email})
    assert response.status_code == 200, response.text
    body = response.json()
    return {"Authorization": f"Bearer {body['access_token']}"}, body["access_token"]


async def _open(running: RunningApp, token: str) -> WebSocketSession:
    ws = WebSocketSession(running.app, WS)
    await ws.__aenter__()
    await ws.send({"type": "auth", "token": token})
    ready = await ws.receive()
    assert ready["type"] == "ready", ready
    return ws


async def _closed_with(ws: WebSocketSession, code: int, reason: str) -> None:
    error = await ws.receive()
    assert error["type"] == "error", error
    assert error["error"]["code"] == reason
    assert await ws.receive() == {"type": "close", "code": code}
    await ws.__aexit__(None, None, None)


async def test_a_token_in_the_url_is_refused(app_factory: AppFactory) -> None:
    async with app_factory(APP) as running:
        _, token = await _login(running)
        async with WebSocketSession(running.app, WS, f"token={token}") as ws:
            refused = await ws.receive()
            assert refused["error"]["code"] == "unauthorized"
            assert "first frame" in refused["error"]["message"]
            assert await ws.receive() == {"type": "close", "code": 1008}


async def test_a_logged_out_socket_is_closed_at_its_next_frame(app_factory: AppFactory) -> None:
    async with app_factory(APP) as running:
        auth, token = await _login(running)
        ws = await _open(running, token)
        assert (await running.client.post("/api/v1/auth/logout", headers=auth)).status_code == 204
        await ws.send({"type": "message", "text": "우유팩은 어떻게 버려?"})
        await _closed_with(ws, 4401, "session_ended")
        async with running.container.db.session() as session:
            assert (await session.execute(select(ChatMessage))).first() is None


async def test_an_erased_persons_socket_closes_4403_and_writes_nothing(
    app_factory: AppFactory,
) -> None:
    async with app_factory(APP) as running:
        auth, token = await _login(running)
        ws = await _open(running, token)
        deleted = await running.client.delete("/api/v1/users/me", headers=auth)
        assert deleted.status_code == 204
        await ws.send({"type": "message", "text": "새 대화를 만들어 줘"})
        await ws.send({"type": "message", "text": "하나 더"})
        await _closed_with(ws, 4403, "account_deleted")
        await asyncio.sleep(0.5)
        async with running.container.db.session() as session:
            assert (await session.execute(select(Conversation))).first() is None
            assert (await session.execute(select(ChatMessage))).first() is None
        again = WebSocketSession(running.app, WS)
        async with again:
            await again.send({"type": "auth", "token": token})
            assert (await again.receive())["error"]["code"] == "unauthorized"


@pytest.mark.parametrize("what", ["revoked", "erased"])
async def test_an_idle_socket_is_closed_within_the_recheck_interval(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    monkeypatch.setenv("ECOECO_CHAT_SOCKET_RECHECK_SECONDS", "0.3")
    async with app_factory(APP) as running:
        auth, token = await _login(running)
        ws = await _open(running, token)
        if what == "revoked":  # what logout elsewhere does to this token
            jti = (await running.container.verifier.verify(token)).jti
            await running.container.cache.set(revoked_key(jti), b"1", ttl=60)
            await _closed_with(ws, 4401, "session_ended")
        else:
            assert (await running.client.delete("/api/v1/users/me", headers=auth)).is_success
            await _closed_with(ws, 4403, "account_deleted")


async def test_a_socket_closes_when_its_token_expires(
    app_factory: AppFactory, signing_key: SigningKey
) -> None:
    defaults = CoreSettings()
    short = TokenSigner(
        [signing_key], issuer=defaults.jwt_issuer, audience=defaults.jwt_audience, ttl=1
    )
    async with app_factory(APP) as running:
        issued = short.issue(uuid.uuid4().hex[:26])
        ws = await _open(running, issued.token)
        started = time.monotonic()
        await _closed_with(ws, 4401, "session_ended")
        assert time.monotonic() - started < 15


async def test_hostile_frames_get_errors_and_the_socket_stays_usable(
    app_factory: AppFactory,
) -> None:
    async with app_factory(APP) as running:
        _, token = await _login(running)
        ws = await _open(running, token)
        await ws.incoming.put({"type": "websocket.receive", "text": "[" * 5000 + "]" * 5000})
        assert (await ws.receive())["error"]["code"] == "bad_request"
        await ws.send({"type": "message", "text": "우유\u0000팩"})
        assert (await ws.receive())["error"]["code"] == "validation_error"
        await ws.send({"type": "hello"})
        assert (await ws.receive())["error"]["code"] == "bad_request"
        await ws.incoming.put({"type": "websocket.receive", "text": "x" * (65 * 1024)})
        assert (await ws.receive())["error"]["code"] == "payload_too_large"
        assert await ws.receive() == {"type": "close", "code": 1009}
        await ws.__aexit__(None, None, None)
