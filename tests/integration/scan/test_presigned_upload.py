"""Presigned uploads on S3 (a local moto server): PUT direct, complete, scan; hostile PUTs."""

from __future__ import annotations

import io
import uuid

import httpx
import pytest
from PIL import Image

from ecoeco.core.storage import S3Storage
from tests.conftest import AppFactory, Backend
from tests.e2e.scan.conftest import follow, login
from tests.fixtures.images import photos


async def test_presigned_put_then_complete_then_scan(
    app_factory: AppFactory, backend: Backend, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    url = f"s3://ecoeco-{uuid.uuid4().hex[:8]}?endpoint_url={s3_endpoint}"
    s3 = S3Storage.from_url(url)  # the test's own view of the bucket the app stores into
    await s3.ensure_bucket()
    core = backend.settings.model_copy(update={"storage_url": url})
    async with app_factory(core=core) as running:
        client = running.client
        auth = await login(client)

        async def put(data: bytes) -> dict[str, str]:
            slot = await client.post(
                "/api/v1/scan/uploads", json={"content_type": "image/jpeg"}, headers=auth
            )
            assert slot.status_code == 201, slot.text
            body = slot.json()
            async with httpx.AsyncClient() as direct:
                stored = await direct.put(body["url"], content=data, headers=body["headers"])
            assert stored.status_code == 200
            return dict(body)

        slot = await put(photos.committed("coffee_gps_rotated.jpg"))
        done = await client.post(slot["complete_url"], headers=auth)
        assert done.status_code == 200, done.text
        image_key = done.json()["image_key"]
        assert not await s3.exists(slot["key"]), "the original with its GPS must be deleted"
        stored = Image.open(io.BytesIO(await s3.get(image_key)))
        assert not stored.getexif()

        stranger = await login(client)
        other = await client.post(slot["complete_url"], headers=stranger)
        assert other.status_code == 404

        scan = await client.post("/api/v1/scan", json={"image_key": image_key}, headers=auth)
        assert scan.status_code == 202, scan.text
        events = await follow(client, auth, scan.json()["id"])
        assert events[0].event == "vision"
        assert events[0].data["status"] == "completed"  # the model read the S3 copy
        assert events[-1].event in ("done", "needs_confirmation")

        bad = await put(photos.truncated(photos.committed("coffee.jpg")))
        refused = await client.post(bad["complete_url"], headers=auth)
        assert refused.status_code == 422
        assert refused.json()["error"]["code"] == "image_corrupt"
        assert not await s3.exists(bad["key"])
        never_put = await client.post(
            "/api/v1/scan/uploads/0123456789abcdefghjkmnpqrs/complete", headers=auth
        )
        assert never_put.status_code == 404
