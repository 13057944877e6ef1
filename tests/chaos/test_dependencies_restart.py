"""Redis, RabbitMQ and PostgreSQL restart under a steady load: fail fast, lose nothing, recover."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx
import jwt
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.chaos import control
from tests.chaos.load import Load, VirtualUser, login, read_profile
from tests.servers import need
from tests.stack import Stack, start_stack

pytestmark = pytest.mark.slow

FAIL_FAST_SECONDS = 7.0  # no request may hang longer than this while a server is down
RECOVERY_SECONDS = 10.0


@pytest.fixture(scope="module")
def stack(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    need("postgres", "redis", "rabbitmq")
    control.require_control()
    running = start_stack(
        postgres_url,
        tmp_path_factory.mktemp("chaos"),
        names=("auth", "users", "character", "relay"),
    )
    yield running
    running.stop()


def urls(stack: Stack) -> dict[str, str]:
    return {name: process.url for name, process in stack.processes.items()}


async def recovered_after(load: Load, since: float, journey: str) -> float:
    """Seconds from `since` until that journey answered 200 every time for 2 s."""
    deadline = since + RECOVERY_SECONDS + 10
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        recent = [
            o for o in load.between(time.monotonic() - 2, time.monotonic()) if o.journey == journey
        ]
        if len(recent) >= 5 and all(o.status == 200 for o in recent):
            return time.monotonic() - 2 - since
    tail = [(round(o.started - since, 1), o.status) for o in load.log if o.journey == journey][-40:]
    raise AssertionError(f"{journey} did not recover within {RECOVERY_SECONDS}s: {tail}")


def assert_failed_fast(load: Load, start: float, end: float) -> None:
    during = load.between(start, end)
    assert during, "no traffic while the server was down"
    assert max(o.seconds for o in during) < FAIL_FAST_SECONDS
    for outcome in during:
        assert outcome.status in (200, 401, 503), outcome
        if outcome.status == 503:
            assert outcome.retry_after is not None


async def test_redis_restart_fails_fast_and_recovers(stack: Stack) -> None:
    async with httpx.AsyncClient(timeout=15) as client:
        revoked = VirtualUser(client, urls(stack), [])
        await login(revoked)
        logout = await client.post(f"{stack.url('auth')}/api/v1/auth/logout", headers=revoked.auth)
        revocation_supported = logout.status_code in (200, 204)
        async with Load(urls(stack), [read_profile]) as load:
            await asyncio.sleep(2)
            down_at = time.monotonic()
            await asyncio.to_thread(control.redis_stop)
            await asyncio.sleep(3)
            await asyncio.to_thread(control.redis_start)
            up_at = time.monotonic()
            took = await recovered_after(load, up_at, "profile")
        assert_failed_fast(load, down_at, up_at)
        assert any(o.status == 503 for o in load.between(down_at, up_at))
        assert took <= RECOVERY_SECONDS
        if revocation_supported:
            again = await client.get(f"{stack.url('users')}/api/v1/users/me", headers=revoked.auth)
            assert again.status_code == 401, (
                "a revoked token came back to life after Redis restarted"
            )


def subject_of(token: str) -> str:
    """The person's id from an access token's claims (read, not verified: the server did that)."""
    return str(jwt.decode(token, options={"verify_signature": False})["sub"])


async def test_rabbitmq_restart_loses_no_event(stack: Stack, postgres_url: str) -> None:
    async with Load(urls(stack), [read_profile]) as load:
        await asyncio.sleep(1)
        await asyncio.to_thread(control.rabbitmq_stop)
        async with httpx.AsyncClient(timeout=15) as client:
            people = []
            for _ in range(10):  # sign-ups while the broker is down: events wait in the outbox
                user = VirtualUser(client, urls(stack), load.log)
                await login(user)
                assert user.token is not None
                people.append(subject_of(user.token))
        await asyncio.to_thread(control.rabbitmq_start)
    engine = create_async_engine(postgres_url)
    try:
        for _ in range(150):
            async with engine.connect() as conn:
                count = (
                    await conn.execute(
                        # The character service grants the starter when it consumes the
                        # registration; nobody reads /characters/me here, so only the event can.
                        text(
                            "SELECT count(DISTINCT user_id) FROM character.ownerships "
                            "WHERE user_id = ANY(:ids)"
                        ),
                        {"ids": people},
                    )
                ).scalar_one()
            if count == len(people):
                break
            await asyncio.sleep(0.2)
    finally:
        await engine.dispose()
    assert count == len(people), "consumers did not reconnect, or events were lost"


async def test_postgres_restart_pool_recovers(stack: Stack) -> None:
    async with Load(urls(stack), [read_profile]) as load:
        await asyncio.sleep(2)
        down_at = time.monotonic()
        await asyncio.to_thread(control.postgres_stop)
        await asyncio.sleep(3)
        await asyncio.to_thread(control.postgres_start)
        up_at = time.monotonic()
        took = await recovered_after(load, up_at, "profile")
    assert_failed_fast(load, down_at, up_at)
    assert took <= RECOVERY_SECONDS
    for name, process in stack.processes.items():
        assert process.popen.poll() is None, f"{name} died"
