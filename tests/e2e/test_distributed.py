"""Two services in separate processes exchange an event over PostgreSQL, Redis and RabbitMQ."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.broker_cleanup import delete_topology
from tests.processes import Process, running, start_process
from tests.servers import AMQP_URL, REDIS_URL, need


async def test_auth_and_users_as_separate_processes(postgres_url: str, tmp_path: Path) -> None:
    need("postgres", "redis", "rabbitmq")
    unique = uuid.uuid4().hex[:10]
    common = {
        "ECOECO_ENV": "test",
        "ECOECO_DATABASE_URL": postgres_url,
        "ECOECO_REDIS_URL": REDIS_URL,
        "ECOECO_REDIS_NAMESPACE": f"test:{unique}:",
        "ECOECO_AMQP_URL": AMQP_URL,
        "ECOECO_AMQP_PREFIX": f"test.{unique}.",
        "ECOECO_OUTBOX_POLL_SECONDS": "0.2",
    }
    auth = await asyncio.to_thread(
        start_process,
        ["serve", "auth"],
        {**common, "ECOECO_DATA_DIR": str(tmp_path / "auth")},
        tmp_path,
    )
    users = await asyncio.to_thread(
        start_process,
        ["serve", "users"],
        {
            **common,
            "ECOECO_DATA_DIR": str(tmp_path / "users"),
            "ECOECO_JWKS_URL": f"{auth.url}/.well-known/jwks.json",
        },
        tmp_path,
    )
    with running(auth, users):
        await _journey(auth, users, postgres_url, unique)
    await delete_topology(common["ECOECO_AMQP_PREFIX"])


async def _journey(auth: Process, users: Process, postgres_url: str, unique: str) -> None:
    """Log in on auth; the profile appears through the broker; users trusts auth's JWKS."""
    async with httpx.AsyncClient(timeout=10) as client:
        email = f"p-{unique}@example.com"
        login = await client.post(
            f"{auth.url}/api/v1/auth/dev/login", json={"email": email, "nickname": f"n{unique}"}
        )
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]

        # The profile appears in the users schema because the event crossed the broker
        # (nobody has called the users API yet, so nothing else could have created it).
        engine = create_async_engine(postgres_url)
        try:
            for _ in range(100):
                async with engine.connect() as conn:
                    found = await conn.execute(
                        text("SELECT nickname FROM users.profiles WHERE email = :e"),
                        {"e": email},
                    )
                    row = found.first()
                if row is not None:
                    break
                await asyncio.sleep(0.1)
        finally:
            await engine.dispose()
        assert row is not None, auth.log.read_text()[-2000:] + users.log.read_text()[-2000:]
        assert row[0] == f"n{unique}"

        # The users process verifies the token against the auth process's JWKS over HTTP.
        me = await client.get(
            f"{users.url}/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}
        )
        assert me.status_code == 200, me.text
        assert me.json()["email"] == email
        metrics = (await client.get(f"{users.url}/metrics")).text
        assert 'ecoeco_messages_consumed_total{queue="test.' in metrics
