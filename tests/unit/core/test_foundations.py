"""Settings, ids, cursors and the error shape."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ecoeco.core.db import new_id
from ecoeco.core.errors import BadRequest, RateLimited
from ecoeco.core.pagination import decode_cursor, encode_cursor
from ecoeco.core.settings import CoreSettings


def test_production_refuses_default_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOECO_ENV", "production")
    monkeypatch.setenv("ECOECO_DATABASE_URL", "postgresql+asyncpg://db/ecoeco")
    with pytest.raises(ValidationError, match="INTERNAL_SECRET"):
        CoreSettings()
    monkeypatch.setenv("ECOECO_INTERNAL_SECRET", "a-real-secret-from-the-vault")
    assert CoreSettings().env == "production"


def test_production_needs_a_real_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOECO_ENV", "production")
    monkeypatch.setenv("ECOECO_INTERNAL_SECRET", "a-real-secret-from-the-vault")
    with pytest.raises(ValidationError, match="DATABASE_URL"):
        CoreSettings()


def test_embedded_defaults_to_sqlite_under_the_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ECOECO_DATA_DIR", "/tmp/eco")
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
