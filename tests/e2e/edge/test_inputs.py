"""Hostile input at the edge, on both backends: broken cursors and deep JSON are 400,
control characters 422, oversized bodies 413 before they are read."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from urllib.parse import parse_qsl, quote

import orjson

from tests.conftest import AppFactory, Backend
from tests.e2e.scan.conftest import login


def _cursor(values: object) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(values)).rstrip(b"=").decode()


BROKEN_CURSORS = {
    "not base64": "!!!",
    "not JSON": base64.urlsafe_b64encode(b"\xff{").decode(),
    "not a list": _cursor({"a": 1}),
    "time overflows below": _cursor(["0001-01-01T00:00:00+14:00", "z"]),
    "time overflows above": _cursor(["9999-12-31T23:59:59-14:00", "z"]),
    "naive time": _cursor(["2024-01-01T00:00:00", "z"]),
    "NUL in the id": _cursor(["2024-01-01T00:00:00+00:00", "a\u0000b"]),
    "huge number": _cursor([10**18, "a", "b"]),
    "float position": _cursor([1.5]),
    "huge distance": _cursor([1e300, "x"]),
    "booleans": _cursor([True, False]),
    "three values": _cursor(["2024-01-01T00:00:00+00:00", "z", "y"]),
}

LISTS = [
    "/api/v1/scan",
    "/api/v1/users/me/scans",
    "/api/v1/chat",
    "/api/v1/chat/{conversation}/messages",
    "/api/v1/characters",
    "/api/v1/characters/me",
    "/api/v1/info/news",
    "/api/v1/info/tips",
    "/api/v1/locations/nearby?lat=37.5665&lon=126.978&radius_m=1000",
    "/api/v1/locations/search?q=서울",
]


async def test_every_list_answers_400_to_every_broken_cursor(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        client = running.client
        auth = await login(client)
        created = await client.post("/api/v1/chat", json={}, headers=auth)
        assert created.status_code == 201, created.text
        conversation = created.json()["id"]
        for template in LISTS:
            path, _, query = template.format(conversation=conversation).partition("?")
            params = dict(parse_qsl(query))
            for name, cursor in BROKEN_CURSORS.items():
                response = await client.get(path, params={**params, "cursor": cursor}, headers=auth)
                assert response.status_code == 400, (path, name, response.text)
                assert response.json()["error"]["code"] == "bad_request", (path, name)


def _nested(depth: int) -> bytes:
    return b'{"hint": ' + b"[" * depth + b"]" * depth + b"}"


async def test_deep_json_is_a_400_and_ordinary_json_still_works(app_factory: AppFactory) -> None:
    async with app_factory(["auth", "users", "scan", "chat", "storage"]) as running:
        client = running.client
        auth = {**await login(client), "content-type": "application/json"}
        for path in ("/api/v1/scan", "/api/v1/chat", "/api/v1/auth/refresh"):
            response = await client.post(path, content=_nested(5000), headers=auth)
            assert response.status_code == 400, (path, response.text)
            assert "nest" in response.json()["error"]["message"]
        brackets_in_text = orjson.dumps({"hint": "[" * 5000})
        response = await client.post("/api/v1/scan", content=brackets_in_text, headers=auth)
        assert response.status_code == 422  # too long a hint, but no nesting at all
        accepted = await client.post("/api/v1/scan", json={"hint": "우유팩"}, headers=auth)
        assert accepted.status_code == 202, accepted.text


CONTROLS = ["\u0000", "\u0001", "\u001b[31m", "\r", "\u000b", "\u001f"]


async def test_control_characters_are_422_wherever_text_comes_in(
    app_factory: AppFactory,
) -> None:
    async with app_factory(["auth", "users", "scan", "chat", "info", "location", "storage"]) as app:
        client = app.client
        auth = await login(client)
        conversation = (await client.post("/api/v1/chat", json={}, headers=auth)).json()["id"]
        for control in CONTROLS:
            text = f"우유{control}팩"
            attempts = [
                client.post("/api/v1/scan", json={"hint": text}, headers=auth),
                client.post("/api/v1/chat", json={"title": text}, headers=auth),
                client.patch("/api/v1/users/me", json={"nickname": text}, headers=auth),
                client.post(
                    f"/api/v1/chat/{conversation}/messages", json={"text": text}, headers=auth
                ),
                client.post("/api/v1/scan", files={"hint": (None, text)}, headers=auth),
                client.get("/api/v1/info/items", params={"q": text}),
                client.get("/api/v1/locations/search", params={"q": text}),
                client.get(f"/api/v1/scan/{quote(text)}", headers=auth),
            ]
            for attempt in attempts:
                response = await attempt
                assert response.status_code == 422, (
                    repr(control),
                    response.request.url,
                    response.text,
                )
                assert response.json()["error"]["code"] == "validation_error"
        allowed = await client.post("/api/v1/chat", json={"title": "줄\n바꿈\t탭"}, headers=auth)
        assert allowed.status_code == 201, allowed.text
        assert allowed.json()["title"] == "줄\n바꿈\t탭"


async def test_bodies_over_the_limit_are_refused_before_they_are_read(
    app_factory: AppFactory,
) -> None:
    async with app_factory(["auth", "users", "scan", "storage"]) as running:
        client = running.client
        auth = {**await login(client), "content-type": "application/json"}
        sent = 0

        async def twenty_megabytes() -> AsyncIterator[bytes]:
            nonlocal sent
            yield b'{"hint": "'
            for _ in range(20 * 16):
                sent += 64 * 1024
                yield b"x" * (64 * 1024)
            yield b'"}'

        streamed = await client.post("/api/v1/scan", content=twenty_megabytes(), headers=auth)
        assert streamed.status_code == 413, streamed.text
        assert "1024 KB" in streamed.json()["error"]["message"]
        assert sent <= 2 * 1024 * 1024, "the server kept reading past the limit"

        declared = await client.post(
            "/api/v1/scan",
            content=b"{}",
            headers={**auth, "content-length": str(20 * 1024 * 1024)},
        )
        assert declared.status_code == 413

        files = {"file": ("big.jpg", b"\xff\xd8\xff" + bytes(13 * 1024 * 1024), "image/jpeg")}
        upload = await client.post("/api/v1/scan/uploads", headers=auth, files=files)
        assert upload.status_code == 413, upload.text
        assert upload.json()["error"]["code"] == "payload_too_large"


async def test_the_body_limit_is_a_setting(app_factory: AppFactory, backend: Backend) -> None:
    backend.settings = backend.settings.model_copy(update={"max_body_bytes": 4096})
    async with app_factory(["auth", "users", "scan", "storage"]) as running:
        client = running.client
        auth = await login(client)
        response = await client.post("/api/v1/scan", json={"hint": "x" * 4096}, headers=auth)
        assert response.status_code == 413
        assert "4 KB" in response.json()["error"]["message"]
        small = await client.post("/api/v1/scan", json={"hint": "캔"}, headers=auth)
        assert small.status_code == 202
