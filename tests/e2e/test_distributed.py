"""Two services in separate processes exchange an event over PostgreSQL, Redis and RabbitMQ."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import httpx
import jwt
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.broker_cleanup import delete_topology
from tests.processes import Process, running, start_process
from tests.servers import AMQP_URL, REDIS_URL, need


async def test_auth_and_character_as_separate_processes(postgres_url: str, tmp_path: Path) -> None:
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
    character = await asyncio.to_thread(
        start_process,
        ["serve", "character"],
        {
            **common,
            "ECOECO_DATA_DIR": str(tmp_path / "character"),
            "ECOECO_JWKS_URL": f"{auth.url}/.well-known/jwks.json",
        },
        tmp_path,
    )
    with running(auth, character):
        await _journey(auth, character, postgres_url, unique)
    await delete_topology(common["ECOECO_AMQP_PREFIX"])


async def _journey(auth: Process, character: Process, postgres_url: str, unique: str) -> None:
    """Log in on auth; the starter is granted through the broker; character trusts auth's JWKS."""
    async with httpx.AsyncClient(timeout=10) as client:
        email = f"p-{unique}@example.com"
        login = await client.post(f"{auth.url}/api/v1/auth/dev/login", json={"email": email})
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        user_id = jwt.decode(token, options={"verify_signature": False})["sub"]

        # The starter appears in the character schema because the event crossed the broker
        # (nobody has called the character API yet, so nothing else could have granted it).
        engine = create_async_engine(postgres_url)
        try:
            for _ in range(100):
                async with engine.connect() as conn:
                    found = await conn.execute(
                        text("SELECT source FROM character.ownerships WHERE user_id = :u"),
                        {"u": user_id},
                    )
                    row = found.first()
                if row is not None:
                    break
                await asyncio.sleep(0.1)
        finally:
            await engine.dispose()
        logs = auth.log.read_text()[-2000:] + character.log.read_text()[-2000:]
        assert row is not None, logs
        assert row[0] == "starter"

        # The character process verifies the token against the auth process's JWKS over HTTP.
        mine = await client.get(
            f"{character.url}/api/v1/characters/me", headers={"Authorization": f"Bearer {token}"}
        )
        assert mine.status_code == 200, mine.text
        assert [c["source"] for c in mine.json()["items"]] == ["starter"]
        metrics = (await client.get(character.metrics_url)).text
        assert 'ecoeco_messages_consumed_total{queue="test.' in metrics
