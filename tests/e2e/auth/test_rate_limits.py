"""Login, refresh and failure rate limits: 429 with Retry-After, then the window resets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from tests.conftest import AppFactory, eventually
from tests.e2e.auth.helpers import auth_settings, extras

LOGIN = "/api/v1/auth/dev/login"
REFRESH = "/api/v1/auth/refresh"


@asynccontextmanager
async def client_from(app: Any, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests come from the given address."""
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_login_burst_per_ip_is_limited_then_resets(app_factory: AppFactory) -> None:
    settings = auth_settings(login_limit_per_ip="3/2 seconds")
    async with app_factory(extras=extras(settings)) as running:
        async with client_from(running.app, "203.0.113.7") as client:
            for n in range(3):
                ok = await client.post(LOGIN, json={"email": f"burst{n}@example.com"})
                assert ok.status_code == 200, ok.text
            refused = await client.post(LOGIN, json={"email": "burst9@example.com"})
            assert refused.status_code == 429
            assert refused.json()["error"]["code"] == "rate_limited"
            assert 1 <= int(refused.headers["retry-after"]) <= 2
            async with client_from(running.app, "198.51.100.1") as elsewhere:
                other = await elsewhere.post(LOGIN, json={"email": "elsewhere@example.com"})
                assert other.status_code == 200, "another address has its own window"

            async def reset() -> bool:
                again = await client.post(LOGIN, json={"email": "later@example.com"})
                return again.status_code == 200

            await eventually(reset, timeout=5)


async def test_login_per_identity_spans_addresses(app_factory: AppFactory) -> None:
    settings = auth_settings(login_limit_per_identity="2/minute")
    async with app_factory(extras=extras(settings)) as running:
        codes = []
        for ip in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
            async with client_from(running.app, ip) as client:
                response = await client.post(LOGIN, json={"email": "target@example.com"})
                codes.append(response.status_code)
        assert codes == [200, 200, 429]


async def test_failures_lock_out_the_address(app_factory: AppFactory) -> None:
    settings = auth_settings(failure_limit_per_ip="2/2 seconds")
    async with app_factory(extras=extras(settings)) as running:
        async with client_from(running.app, "203.0.113.9") as client:
            for _ in range(2):
                bad = await client.post(REFRESH, json={"refresh_token": "y" * 43})
                assert bad.status_code == 401
            locked = await client.post(REFRESH, json={"refresh_token": "y" * 43})
            assert locked.status_code == 429
            assert int(locked.headers["retry-after"]) >= 1
            login = await client.post(LOGIN, json={"email": "locked@example.com"})
            assert login.status_code == 429, "failures also hold back logins from that address"

            async def unlocked() -> bool:
                again = await client.post(LOGIN, json={"email": "locked@example.com"})
                return again.status_code == 200

            await eventually(unlocked, timeout=5)


async def test_refresh_burst_is_limited(app_factory: AppFactory) -> None:
    settings = auth_settings(refresh_limit_per_ip="2/minute")
    async with app_factory(extras=extras(settings)) as running:
        async with client_from(running.app, "203.0.113.20") as client:
            tokens = (await client.post(LOGIN, json={"email": "r@example.com"})).json()
            for _ in range(2):
                step = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
                assert step.status_code == 200, step.text
                tokens = step.json()
            refused = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
            assert refused.status_code == 429
        async with client_from(running.app, "203.0.113.21") as other:
            later = await other.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
            assert later.status_code == 200, "the refused attempt did not spend the token"
