"""Settings, ids, cursors and the error shape."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager

import pytest

from ecoeco.core.db import new_id
from ecoeco.core.errors import BadRequest, RateLimited
from ecoeco.core.pagination import decode_cursor, encode_cursor
from ecoeco.core.settings import CoreSettings, ProductionRefused, production_problems
from tests.production_env import PRODUCTION


def test_production_settings_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in PRODUCTION.items():
        monkeypatch.setenv(key, value)
    settings = CoreSettings()
    assert production_problems(settings, ["auth"]) == []
    assert production_problems(settings, []) == []
    assert settings.allowed_web_origins == ["https://ecoeco.example"]


def test_production_lists_every_development_part_naming_its_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ECOECO_ENV", "production")
    problems = production_problems(CoreSettings(), [])
    named = [p.split()[0] for p in problems]
    assert named == [
        "ECOECO_DATABASE_URL",
        "ECOECO_REDIS_URL",
        "ECOECO_AMQP_URL",
        "ECOECO_STORAGE_URL",
        "ECOECO_JWT_PRIVATE_KEY_FILE",
        "ECOECO_ERASURE_KEY_FILE",
        "ECOECO_WEB_ORIGINS",
    ]
    assert "unset, which means SQLite" in problems[0]
    # A service that only verifies tokens needs the JWKS URL instead of a private key.
    assert any(
        p.startswith("ECOECO_JWKS_URL") for p in production_problems(CoreSettings(), ["users"])
    )
    monkeypatch.setenv("ECOECO_STORAGE_URL", "/data/objects")
    monkeypatch.setenv("ECOECO_WEB_ORIGINS", '["http://localhost:3000"]')
    problems = production_problems(CoreSettings(), ["users"])
    assert any("ECOECO_STORAGE_URL must be an s3:// URL" in p for p in problems)
    assert any("lists local origins: http://localhost:3000" in p for p in problems)
    error = ProductionRefused(problems)
    assert all(p in str(error) for p in problems)


def test_web_origins_default_to_the_dev_servers_except_in_production() -> None:
    assert CoreSettings(port=8000).allowed_web_origins == [
        "http://localhost:3000",
        "http://localhost:5173",
        "http://localhost:8000",
        "http://127.0.0.1:8000",
    ]
    assert CoreSettings(env="production").allowed_web_origins == []
    assert CoreSettings(web_origins=["https://a.example/"]).allowed_web_origins == [
        "https://a.example"
    ]


def test_embedded_defaults_to_sqlite_under_the_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOECO_DATA_DIR", "/tmp/eco")
    settings = CoreSettings()
    assert settings.embedded
    assert settings.effective_database_url == "sqlite+aiosqlite:////tmp/eco/ecoeco.db"


def test_an_empty_database_url_is_the_embedded_default(monkeypatch: pytest.MonkeyPatch) -> None:
    # An `.env` template's `ECOECO_DATABASE_URL=` names the same SQLite file as no setting,
    # so it is the embedded mode too: migrated on start, not refused as an unmigrated server.
    monkeypatch.setenv("ECOECO_DATA_DIR", "/tmp/eco")
    monkeypatch.setenv("ECOECO_DATABASE_URL", "")
    settings = CoreSettings()
    assert settings.embedded
    assert settings.effective_database_url == "sqlite+aiosqlite:////tmp/eco/ecoeco.db"


def test_ids_are_opaque_unique_and_time_ordered() -> None:
    ids = [new_id() for _ in range(1000)]
    assert len(set(ids)) == 1000
    assert all(len(i) == 26 for i in ids)
    assert new_id() > ids[0]


def test_cursor_round_trip_and_tampering() -> None:
    cursor = encode_cursor("2026-11-27T00:00:00Z", "abc")
    assert decode_cursor(cursor, 2) == ["2026-11-27T00:00:00Z", "abc"]
    assert decode_cursor(None, 2) is None
    for bad in ("!!!", encode_cursor(1), "eyJ"):
        with pytest.raises(BadRequest):
            decode_cursor(bad, 2)


def test_rate_limited_carries_retry_after() -> None:
    error = RateLimited(retry_after=7)
    assert error.status_code == 429
    assert error.headers["Retry-After"] == "7"
    assert error.body() == {"error": {"code": "rate_limited", "message": "Too many requests"}}


def test_storage_url_picks_the_adapter_or_refuses(tmp_path: object) -> None:
    from ecoeco.core.storage import LocalStorage, S3Storage, storage_from_url

    assert isinstance(storage_from_url(f"{tmp_path}/objects"), LocalStorage)
    assert isinstance(storage_from_url(f"file://{tmp_path}/objects"), LocalStorage)
    assert isinstance(storage_from_url("s3://bucket?endpoint_url=http://127.0.0.1:9"), S3Storage)
    with pytest.raises(ValueError, match="unsupported storage URL"):
        storage_from_url("http://127.0.0.1:9000/bucket")
    with pytest.raises(ValueError, match="unknown parameter.s. endpoint;"):
        storage_from_url("s3://bucket?endpoint=http://minio:9000")


def test_database_restart_errors_count_as_unavailable() -> None:
    from sqlalchemy.exc import DBAPIError

    from ecoeco.core.handlers import is_dependency_failure

    class StartingUp(Exception):
        sqlstate = "57P03"  # the database system is starting up

    class UniqueViolation(Exception):
        sqlstate = "23505"

    assert is_dependency_failure(DBAPIError("SELECT 1", None, StartingUp()))
    assert is_dependency_failure(ConnectionRefusedError(111, "refused"))
    assert not is_dependency_failure(DBAPIError("INSERT", None, UniqueViolation()))
    assert not is_dependency_failure(ValueError("a bug"))


@pytest.mark.parametrize(
    ("env", "docs", "served"),
    [
        ("production", None, False),
        ("production", True, True),
        ("development", None, True),
        ("test", False, False),
    ],
)
async def test_api_documents_are_off_in_production_unless_enabled(
    tmp_path: object, env: str, docs: bool | None, served: bool
) -> None:
    import httpx

    from ecoeco import chat
    from ecoeco.composition import build_container
    from ecoeco.core.app import create_app
    from ecoeco.core.container import Container, Hosted

    settings = CoreSettings(data_dir=tmp_path, env=env, docs=docs)

    def never_built(_: Container) -> AbstractAsyncContextManager[chat.ChatRuntime]:
        raise AssertionError("no start-up here")

    hosted = [Hosted(chat.SERVICE, never_built)]
    app = create_app(build_container(settings, "chat"), hosted, [])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for path in ("/docs", "/redoc", "/openapi.json", "/asyncapi.json"):
            assert ((await c.get(path)).status_code == 200) is served, path
