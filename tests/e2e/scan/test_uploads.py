"""Hostile uploads through HTTP: each answered 4xx with its code, and scanning still works."""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image

from tests.conftest import AppFactory
from tests.e2e.scan.conftest import follow, login, upload
from tests.fixtures.images import photos

HOSTILE: list[tuple[str, Callable[[], bytes], str, int, str]] = [
    ("zero bytes", lambda: b"", "image/jpeg", 400, "image_empty"),
    (
        "11 MB of noise",
        lambda: photos.noise(11 * 1024 * 1024),
        "image/jpeg",
        413,
        "image_too_large",
    ),
    (
        "20 MB of noise, refused before it is read",
        lambda: photos.noise(20 * 1024 * 1024),
        "image/jpeg",
        413,
        "payload_too_large",
    ),
    ("30000x30000 PNG bomb", photos.png_bomb, "image/png", 413, "image_too_many_pixels"),
    (
        "truncated JPEG",
        lambda: photos.truncated(photos.committed("coffee.jpg")),
        "image/jpeg",
        422,
        "image_corrupt",
    ),
    (
        "JPEG declared as PNG",
        lambda: photos.committed("coffee.jpg"),
        "image/png",
        415,
        "image_type_mismatch",
    ),
    (
        "JPEG+ZIP polyglot",
        lambda: photos.zip_polyglot(photos.committed("coffee.jpg")),
        "image/jpeg",
        422,
        "image_polyglot",
    ),
    (
        "JPEG+HTML polyglot",
        lambda: photos.script_polyglot(photos.committed("coffee.jpg")),
        "image/jpeg",
        422,
        "image_polyglot",
    ),
    (
        "not an image",
        lambda: b"%PDF-1.7\n" + photos.noise(500),
        "image/jpeg",
        415,
        "image_unsupported_type",
    ),
]


async def test_hostile_uploads_get_their_4xx_and_the_pipeline_stays_alive(
    app_factory: AppFactory,
) -> None:
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        for name, make, declared, status, code in HOSTILE:
            response = await upload(client, auth, make(), declared)
            assert response.status_code == status, (name, response.text)
            assert response.json()["error"]["code"] == code, name
            direct = await client.post(
                "/api/v1/scan", headers=auth, files={"image": ("x", make(), declared)}
            )
            assert direct.status_code == status, (name, direct.text)
        me = (await client.get("/api/v1/users/me", headers=auth)).json()["user_id"]
        assert not await running.container.storage.exists(f"users/{me}/images")

        stored = await upload(client, auth, photos.committed("coffee.jpg"))
        scan_id = (
            await client.post(
                "/api/v1/scan", json={"image_key": stored.json()["image_key"]}, headers=auth
            )
        ).json()["id"]
        assert (await follow(client, auth, scan_id))[-1].event == "done"


async def test_gps_and_every_tag_are_gone_from_what_is_stored(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        client, storage = running.client, running.container.storage
        auth = await login(client)
        original = photos.committed("coffee_gps_rotated.jpg")
        assert Image.open(io.BytesIO(original)).getexif().get_ifd(photos.GPS_IFD)
        response = await client.post(
            "/api/v1/scan",
            headers=auth,
            files={"image": ("phone.jpg", original, "image/jpeg")},
            data={"hint": "테이크아웃 커피컵"},
        )
        assert response.status_code == 202, response.text
        scan = (await client.get(f"/api/v1/scan/{response.json()['id']}", headers=auth)).json()
        for key in (scan["image_key"], scan["thumbnail_key"]):
            blob = await storage.get(key)
            stored = Image.open(io.BytesIO(blob))
            assert not stored.getexif(), key
            assert not stored.getexif().get_ifd(photos.GPS_IFD)
            assert b"EcoPhone" not in blob
            assert b"secret spot" not in blob
            assert b"Exif" not in blob
            assert stored.width < stored.height  # orientation 6 was applied before stripping


BAD_BODIES: list[tuple[dict[str, object], str]] = [
    ({}, "validation_error"),
    ({"hint": ""}, "validation_error"),
    ({"hint": "x" * 201}, "validation_error"),
    ({"image_key": "../../etc/passwd"}, "image_not_found"),
    (
        {"image_key": "users/someone/images/0123456789abcdefghjkmnpqrs/normalized.jpg"},
        "image_not_found",
    ),
    ({"image_key": "a", "extra": 1}, "validation_error"),
]


async def test_bad_scan_requests_are_4xx(app_factory: AppFactory) -> None:
    async with app_factory(["auth", "users", "scan", "storage"]) as running:
        client = running.client
        auth = await login(client)
        for body, code in BAD_BODIES:
            response = await client.post("/api/v1/scan", json=body, headers=auth)
            assert 400 <= response.status_code < 500, response.text
            assert response.json()["error"]["code"] == code, body
        assert (await client.post("/api/v1/scan", json={"hint": "캔"})).status_code == 401
        garbage = await client.post(
            "/api/v1/scan",
            content=b"{not json",
            headers={**auth, "content-type": "application/json"},
        )
        assert garbage.status_code == 422
        cursor = await client.get("/api/v1/scan?cursor=%%%", headers=auth)
        assert cursor.status_code == 400
        assert (await client.get("/api/v1/scan?limit=0", headers=auth)).status_code == 422
        assert (await client.get("/api/v1/scan/nope", headers=auth)).status_code == 404
        slot = await client.post(
            "/api/v1/scan/uploads", json={"content_type": "image/jpeg"}, headers=auth
        )
        assert slot.status_code == 400  # local storage: bytes go through the API
        confirm = await client.post("/api/v1/scan/nope/confirm", json={}, headers=auth)
        assert confirm.status_code == 422
