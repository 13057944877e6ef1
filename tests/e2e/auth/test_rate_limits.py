"""Login, refresh and failure rate limits: 429 with Retry-After, then the window resets."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from tests.conftest import AppFactory, eventually
from tests.e2e.auth.helpers import auth_settings

LOGIN = "/api/v1/auth/dev/login"
REFRESH = "/api/v1/auth/refresh"
CALLBACK = "/api/v1/auth/kakao/callback"


@asynccontextmanager
async def client_from(app: Any, ip: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests come from the given address."""
    transport = httpx.ASGITransport(app=app, client=(ip, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_login_burst_per_ip_is_limited_then_resets(app_factory: AppFactory) -> None:
    settings = auth_settings(login_limit_per_ip="3/2 seconds")
    async with app_factory(settings=[settings]) as running:
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
    async with app_factory(settings=[settings]) as running:
        codes = []
        for ip in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
            async with client_from(running.app, ip) as client:
                response = await client.post(LOGIN, json={"email": "target@example.com"})
                codes.append(response.status_code)
        assert codes == [200, 200, 429]


async def test_failed_logins_lock_out_the_address(auth_app: Any) -> None:
    async with auth_app(failure_limit_per_ip="2/2 seconds") as running:
        async with client_from(running.app, "203.0.113.9") as client:
            for _ in range(2):
                bad = await client.get(CALLBACK, params={"state": "forged" * 4, "code": "x"})
                assert 400 <= bad.status_code < 500, bad.text
                assert bad.status_code != 429
            login = await client.post(LOGIN, json={"email": "locked@example.com"})
            assert login.status_code == 429, "failed logins hold back logins from that address"
            assert int(login.headers["retry-after"]) >= 1

            async def unlocked() -> bool:
                again = await client.post(LOGIN, json={"email": "locked@example.com"})
                return again.status_code == 200

            await eventually(unlocked, timeout=5)


async def test_failed_refreshes_never_block_logins(app_factory: AppFactory) -> None:
    # Unknown tokens can only be counted per address; the cap there is deliberately high.
    settings = auth_settings(
        refresh_failure_limit_per_ip="3/minute",
        refresh_failure_limit_per_family="1/hour",
        failure_limit_per_ip="1/minute",
    )
    async with app_factory(settings=[settings]) as running:
        async with client_from(running.app, "203.0.113.10") as client:
            for _ in range(3):
                bad = await client.post(REFRESH, json={"refresh_token": "y" * 43})
                assert bad.status_code == 401, bad.text
            locked = await client.post(REFRESH, json={"refresh_token": "y" * 43})
            assert locked.status_code == 429
            login = await client.post(LOGIN, json={"email": "still-welcome@example.com"})
            assert login.status_code == 200, "failed refreshes never block a login"
            tokens = login.json()
        async with client_from(running.app, "203.0.113.11") as neighbour:
            fine = await neighbour.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
            assert fine.status_code == 200, fine.text


async def test_failed_refreshes_are_limited_per_session_and_person(app_factory: AppFactory) -> None:
    settings = auth_settings(
        refresh_failure_limit_per_family="2/minute",
        refresh_failure_limit_per_identity="3/minute",
        refresh_failure_limit_per_ip="100/minute",
    )
    async with app_factory(settings=[settings]) as running:
        email = "twice@example.com"
        async with client_from(running.app, "198.51.100.20") as phone:
            first = (await phone.post(LOGIN, json={"email": email})).json()
            spent = first["refresh_token"]
            assert (await phone.post(REFRESH, json={"refresh_token": spent})).status_code == 200
            # Replaying the spent token revokes the session; each replay is a failure of it.
            assert (await phone.post(REFRESH, json={"refresh_token": spent})).status_code == 401
        async with client_from(running.app, "198.51.100.21") as laptop:
            again = await laptop.post(REFRESH, json={"refresh_token": spent})
            assert again.status_code == 401, "the session's count spans addresses"
            held = await laptop.post(REFRESH, json={"refresh_token": spent})
            assert held.status_code == 429
            # The person's other session: one failure more reaches the per-person cap.
            other = (await laptop.post(LOGIN, json={"email": email})).json()
            await laptop.post("/api/v1/auth/logout", json={"refresh_token": other["refresh_token"]})
            revoked = await laptop.post(REFRESH, json={"refresh_token": other["refresh_token"]})
            assert revoked.status_code == 401
            person = await laptop.post(REFRESH, json={"refresh_token": other["refresh_token"]})
            assert person.status_code == 429
            assert (await laptop.post(LOGIN, json={"email": email})).status_code == 200


def test_the_address_cap_is_at_least_ten_times_the_session_cap() -> None:
    with pytest.raises(ValueError, match="at least ten times"):
        auth_settings(
            refresh_failure_limit_per_family="5/minute", refresh_failure_limit_per_ip="49/minute"
        )
    auth_settings(
        refresh_failure_limit_per_family="5/minute", refresh_failure_limit_per_ip="50/minute"
    )


async def test_refresh_burst_is_limited(app_factory: AppFactory) -> None:
    settings = auth_settings(refresh_limit_per_ip="2/minute")
    async with app_factory(settings=[settings]) as running:
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
