"""`ecoeco users grant-admin / revoke-admin`: the next token carries `admin`, audited, erased."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select
from typer.testing import CliRunner

from ecoeco.auth.models import AccountRole, RoleChange
from ecoeco.cli import app as cli
from ecoeco.core.container import Container
from tests.conftest import AppFactory, Backend, eventually

TIP = {"title": "라벨 떼기", "body": "페트병 라벨은 떼서 비닐류로."}


def run_cli(backend: Backend, *args: str) -> str:
    """Run `ecoeco ...` against the backend's database and cache, as an operator would."""
    s = backend.settings
    env = {"ECOECO_DATA_DIR": str(s.data_dir), "ECOECO_LOG_JSON": "false"}
    if s.database_url:
        env |= {"ECOECO_DATABASE_URL": s.database_url, "ECOECO_REDIS_URL": s.redis_url or ""}
        env |= {"ECOECO_REDIS_NAMESPACE": s.redis_namespace}
    with ThreadPoolExecutor(1) as pool:  # the CLI runs its own event loop
        done = pool.submit(CliRunner().invoke, cli, list(args), env=env).result()
    assert done.exit_code == 0, done.output
    return done.output


async def audit(container: Container, user_id: str) -> list[tuple[str, str]]:
    async with container.db.session() as session:
        rows = await session.execute(
            select(RoleChange.action, RoleChange.actor)
            .where(RoleChange.account_id == user_id)
            .order_by(RoleChange.created_at)
        )
        return [(a, b) for a, b in rows.all()]


async def test_an_admin_is_made_by_the_cli_and_unmade_again(
    app_factory: AppFactory, backend: Backend
) -> None:
    async with app_factory() as running:
        client = running.client
        login = await client.post("/api/v1/auth/dev/login", json={"email": "boss@example.com"})
        tokens = login.json()
        plain = {"Authorization": f"Bearer {tokens['access_token']}"}
        assert (await client.post("/api/v1/info/tips", json=TIP, headers=plain)).status_code == 403

        out = await asyncio.to_thread(run_cli, backend, "users", "grant-admin", "Boss@example.com")
        assert "admin granted to Boss@example.com" in out
        fresh = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert fresh.status_code == 200, fresh.text
        tokens = fresh.json()
        admin = {"Authorization": f"Bearer {tokens['access_token']}"}
        created = await client.post("/api/v1/info/tips", json=TIP, headers=admin)
        assert created.status_code == 201, created.text

        me = (await client.get("/api/v1/users/me", headers=admin)).json()
        user_id = me["user_id"]
        await asyncio.to_thread(
            run_cli, backend, "users", "revoke-admin", "boss@example.com", "--actor", "ops:kim"
        )
        if backend.name == "postgres":  # the shared cache: the admin token dies at once
            stale = await client.post("/api/v1/info/tips", json=TIP, headers=admin)
            assert stale.status_code == 401, stale.text
        again = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert again.status_code == 200, "the session survives; only the role is gone"
        demoted = {"Authorization": f"Bearer {again.json()['access_token']}"}
        assert (
            await client.post("/api/v1/info/tips", json=TIP, headers=demoted)
        ).status_code == 403

        trail = await audit(running.container, user_id)
        assert [a for a, _ in trail] == ["grant", "revoke"]
        assert trail[0][1].startswith("cli:")
        assert trail[1][1] == "ops:kim"

        # Erased with the person.
        assert (await client.delete("/api/v1/users/me", headers=demoted)).status_code in (202, 204)

        async def erased() -> bool:
            async with running.container.db.session() as session:
                left = await session.execute(
                    select(RoleChange.id).where(RoleChange.account_id == user_id)
                )
                roles = await session.execute(
                    select(AccountRole.role).where(AccountRole.account_id == user_id)
                )
                return left.first() is None and roles.first() is None

        await eventually(erased, timeout=20)


def test_an_unknown_email_is_an_error(backend: Backend) -> None:
    s = backend.settings
    env = {"ECOECO_DATA_DIR": str(s.data_dir)}
    if s.database_url:
        env["ECOECO_DATABASE_URL"] = s.database_url
    done = CliRunner().invoke(cli, ["users", "grant-admin", "nobody@example.com"], env=env)
    assert done.exit_code == 1
    assert "no account has the e-mail" in done.output
