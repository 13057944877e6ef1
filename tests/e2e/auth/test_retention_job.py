"""Auth's retention job deletes login history after its retention and sessions once their
refresh tokens have long expired, on both backends; what is still usable stays."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from ecoeco.auth import SERVICE, AuthRuntime
from ecoeco.auth.models import LoginEvent, RefreshToken, TokenFamily
from ecoeco.auth.retention import purge_forever
from ecoeco.auth.sessions import hash_refresh
from ecoeco.composition import compose
from ecoeco.core.container import Container
from ecoeco.core.db import utcnow
from ecoeco.core.settings import CoreSettings
from tests.conftest import AppFactory, eventually
from tests.e2e.auth.helpers import auth_settings, dev_login

REFRESH = "/api/v1/auth/refresh"


def test_the_relay_and_the_embedded_process_schedule_it(tmp_path: object) -> None:
    assert purge_forever in SERVICE.scheduled
    settings = CoreSettings(data_dir=tmp_path, env="test")
    for names in (None, ["relay"]):
        app = compose(settings, names, scheduled=None)
        assert "auth" in [m.name for m in app.state.lifecycle.scheduled]


async def test_the_relay_runs_it_without_the_private_key(tmp_path: Path) -> None:
    """The relay verifies through JWKS like every non-auth process: it holds no signing key."""
    jwks = "http://127.0.0.1:9/.well-known/jwks.json"
    settings = CoreSettings(data_dir=tmp_path, env="test", jwks_url=jwks)
    app = compose(settings, ["relay"])
    assert app.state.container.signing_keys == []
    async with app.router.lifespan_context(app):
        assert "auth" in [m.name for m in app.state.lifecycle.scheduled]
    assert not (tmp_path / "keys" / "signing.pem").exists()


async def _family_of(container: Container, refresh_token: str) -> str:
    async with container.db.session() as session:
        found = select(RefreshToken.family_id).where(
            RefreshToken.token_hash == hash_refresh(refresh_token)
        )
        return str((await session.execute(found)).scalar_one())


async def _age_session(container: Container, family: str, expired_days_ago: float) -> None:
    now = utcnow()
    async with container.db.transaction() as session:
        await session.execute(
            update(TokenFamily)
            .where(TokenFamily.id == family)
            .values(created_at=now - timedelta(days=100))
        )
        await session.execute(
            update(RefreshToken)
            .where(RefreshToken.family_id == family)
            .values(expires_at=now - timedelta(days=expired_days_ago))
        )


async def _counts(container: Container) -> tuple[int, int]:
    async with container.db.session() as session:
        events = (await session.execute(select(func.count()).select_from(LoginEvent))).scalar()
        families = (await session.execute(select(func.count()).select_from(TokenFamily))).scalar()
    return int(events or 0), int(families or 0)


async def test_old_logins_and_long_ended_sessions_are_deleted(app_factory: AppFactory) -> None:
    settings = auth_settings(
        retention_interval_seconds=0.2, login_history_retention_days=365, session_retention_days=30
    )
    async with app_factory(["auth"], settings=[settings]) as running:
        client, container = running.client, running.container
        ended = await dev_login(client, "ended@example.com")
        in_grace = await dev_login(client, "grace@example.com")
        live = await dev_login(client, "live@example.com")
        await _age_session(container, await _family_of(container, ended["refresh_token"]), 40)
        await _age_session(container, await _family_of(container, in_grace["refresh_token"]), 20)
        async with container.db.transaction() as session:
            oldest = (
                (await session.execute(select(LoginEvent.id).order_by(LoginEvent.created_at)))
                .scalars()
                .first()
            )
            await session.execute(
                update(LoginEvent)
                .where(LoginEvent.id == oldest)
                .values(created_at=utcnow() - timedelta(days=400))
            )
        events, families = await _counts(container)
        task = asyncio.create_task(purge_forever(running.runtime(AuthRuntime)))
        try:

            async def purged() -> bool:
                return await _counts(container) == (events - 1, families - 1)

            await eventually(purged)
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        gone = await client.post(REFRESH, json={"refresh_token": ended["refresh_token"]})
        assert gone.status_code == 401, gone.text
        assert gone.json()["error"]["code"]
        kept = await client.post(REFRESH, json={"refresh_token": live["refresh_token"]})
        assert kept.status_code == 200, kept.text
