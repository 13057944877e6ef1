"""The process's pooled HTTP clients keep one connection per origin open between calls.

Each test talks real HTTP/1.1 to a local server that counts the TCP connections it
accepts: the typed internal clients, JWKS fetches and the LLM client each reuse one
connection, one TLS context serves every origin, and closing the pool closes them.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from ecoeco.chat.llm import ChatLLM
from ecoeco.contracts.clients import UsersClient
from ecoeco.contracts.users import StatsOut
from ecoeco.core.http import HttpClients, origin_of
from ecoeco.core.internal import ServiceCallFailed, ServiceClient, ServiceLinks
from ecoeco.core.security.tokens import http_jwks
from ecoeco.core.settings import CoreSettings
from tests.fakes.keepalive_server import Canned, KeepAliveServer

STATS = StatsOut(
    points=30, scans_total=3, scans_by_category=[], current_streak_days=1, last_scan_day=None
)
STATS_PATH = "/api/v1/users/me/stats"


def _links(tmp_path: Path, http: HttpClients, **urls: str) -> ServiceLinks:
    settings = CoreSettings(data_dir=tmp_path, env="test", service_urls=urls)
    return ServiceLinks(settings, http)


async def test_typed_client_calls_share_one_connection(tmp_path: Path) -> None:
    routes = {STATS_PATH: Canned(STATS.model_dump_json().encode())}
    with KeepAliveServer(routes) as users:
        http = HttpClients()
        client = UsersClient(_links(tmp_path, http, users=users.url + "/"), timeout=5)
        try:
            for _ in range(5):
                assert await client.stats("token") == STATS
        finally:
            await http.aclose()
        assert users.connections == 1
        assert users.served_by(STATS_PATH) == {1}
        assert users.all_closed.wait(5)  # closing the pool closed the connection


async def test_concurrent_calls_open_only_what_they_need(tmp_path: Path) -> None:
    with KeepAliveServer({"/api/v1/echo": Canned(b"{}")}) as users:
        http = HttpClients()
        client = ServiceClient(_links(tmp_path, http, users=users.url), "users", timeout=5)
        try:
            for _ in range(3):
                answers = await asyncio.gather(
                    *(client.request("GET", "/api/v1/echo") for _ in range(4))
                )
                assert [a.status_code for a in answers] == [200] * 4
        finally:
            await http.aclose()
        # Twelve calls in three waves of four: at most four connections, kept between waves.
        assert 1 <= users.connections <= 4
        assert len(users.requests) == 12


async def test_a_service_that_is_down_is_still_a_failed_call(tmp_path: Path) -> None:
    http = HttpClients()
    client = ServiceClient(_links(tmp_path, http, users="http://127.0.0.1:9"), "users", timeout=2)
    try:
        with pytest.raises(ServiceCallFailed, match="users"):
            await client.request("GET", "/api/v1/echo")
    finally:
        await http.aclose()


async def test_jwks_fetches_reuse_the_connection() -> None:
    document = {"keys": []}
    with KeepAliveServer({"/.well-known/jwks.json": Canned(json.dumps(document).encode())}) as auth:
        http = HttpClients()
        fetch = http_jwks(auth.url + "/.well-known/jwks.json", http)
        try:
            for _ in range(3):
                assert await fetch() == document
        finally:
            await http.aclose()
        assert auth.connections == 1


def _stream(*pieces: str) -> bytes:
    chunks = [{"choices": [{"delta": {"content": p}}]} for p in pieces]
    lines = [f"data: {json.dumps(c)}\n\n" for c in chunks]
    return "".join([*lines, "data: [DONE]\n\n"]).encode()


async def test_llm_rewrites_reuse_the_connection() -> None:
    body = _stream("종이컵은 ", "일반쓰레기입니다.")
    routes = {"/v1/chat/completions": Canned(body, content_type="text/event-stream")}
    with KeepAliveServer(routes) as endpoint:
        http = HttpClients()
        llm = ChatLLM(
            endpoint.url + "/v1", "m", http, api_key=None, timeout=5, first_token_timeout=5
        )
        try:
            for _ in range(3):
                pieces = [p async for p in llm.rewrite("종이컵?", "guide", "draft")]
                assert "".join(pieces) == "종이컵은 일반쓰레기입니다."
        finally:
            await http.aclose()
        assert endpoint.connections == 1


async def test_one_client_per_origin_and_one_tls_context() -> None:
    http = HttpClients()
    try:
        a = http.for_url("https://kauth.example/oauth/token")
        assert http.for_url("https://kauth.example:443/v2/user/me") is a
        b = http.for_url("https://openidconnect.example/v1/userinfo")
        assert b is not a
        # Both origins verify with the one TLS context (the CA bundle loaded once).
        contexts = {id(c._transport._pool._ssl_context) for c in (a, b)}  # type: ignore[attr-defined]
        assert contexts == {id(http.tls)}
        assert sorted(http.open_origins) == [
            "origin:https://kauth.example:443",
            "origin:https://openidconnect.example:443",
        ]
    finally:
        await http.aclose()
    assert http.open_origins == []
    # A pool used again after closing (an app started again) makes fresh clients.
    again = http.for_url("https://kauth.example/x")
    assert not again.is_closed
    await http.aclose()


def test_origin_of_makes_the_port_explicit() -> None:
    assert origin_of("http://auth:8000/.well-known/jwks.json") == "http://auth:8000"
    assert origin_of("http://users") == "http://users:80"
    assert origin_of("https://x.example/a?b=1") == "https://x.example:443"
    with pytest.raises(ValueError, match="absolute"):
        origin_of("/relative/path")
