"""Object storage on a local directory and on S3 (a local moto server)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from ecoeco.core.errors import BadRequest, NotFound
from ecoeco.core.storage import LocalStorage, ObjectStorage, S3Storage


@pytest.fixture(params=["local", "s3"])
async def storage(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[ObjectStorage]:
    if request.param == "local":
        yield LocalStorage(tmp_path / "objects")
        return
    endpoint = request.getfixturevalue("s3_endpoint")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    s3 = S3Storage.from_url(f"s3://ecoeco-{uuid.uuid4().hex[:8]}?endpoint_url={endpoint}")
    await s3.ensure_bucket()
    yield s3


async def test_put_get_delete(storage: ObjectStorage) -> None:
    await storage.put("users/u1/a.jpg", b"abc", "image/jpeg")
    assert await storage.exists("users/u1/a.jpg")
    assert await storage.get("users/u1/a.jpg") == b"abc"
    await storage.delete("users/u1/a.jpg")
    assert not await storage.exists("users/u1/a.jpg")
    with pytest.raises(NotFound):
        await storage.get("users/u1/a.jpg")


async def test_delete_prefix_removes_only_that_user(storage: ObjectStorage) -> None:
    for key in ("users/u1/a", "users/u1/b/c", "users/u2/a"):
        await storage.put(key, b"x", "application/octet-stream")
    assert await storage.delete_prefix("users/u1/") == 2
    assert not await storage.exists("users/u1/a")
    assert await storage.exists("users/u2/a")


async def test_keys_lists_everything_under_a_prefix(storage: ObjectStorage) -> None:
    for key in ("erasures/b", "erasures/a", "erasures/x/c", "users/u1/a"):
        await storage.put(key, b"x", "application/octet-stream")
    assert await storage.keys("erasures/") == ["erasures/a", "erasures/b", "erasures/x/c"]
    assert await storage.keys("nothing/") == []


async def test_keys_cannot_escape(storage: ObjectStorage) -> None:
    for key in ("../etc/passwd", "/abs", "a/../../b", ""):
        with pytest.raises(BadRequest):
            await storage.put(key, b"x", "text/plain")


async def test_presigned_put_uploads_directly(storage: ObjectStorage) -> None:
    upload = await storage.presign_put("users/u3/photo.jpg", "image/jpeg", 300)
    if isinstance(storage, LocalStorage):
        assert upload is None
        return
    assert upload is not None
    async with httpx.AsyncClient() as client:
        response = await client.put(upload.url, content=b"jpeg-bytes", headers=upload.headers)
    assert response.status_code == 200
    assert await storage.get("users/u3/photo.jpg") == b"jpeg-bytes"
