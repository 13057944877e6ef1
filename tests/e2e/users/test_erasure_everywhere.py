"""After `DELETE /users/me`, on both backends, no row in any schema, no message in any
RabbitMQ queue and no Redis key holds the person's id, e-mail or nickname, while a
bystander who did the same things keeps everything."""

from __future__ import annotations

from typing import Any

import httpx

from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import AppFactory, auth_header, eventually
from tests.e2e.auth.helpers import auth_settings, bearer, dev_login
from tests.e2e.scan.conftest import follow, upload
from tests.e2e.users.helpers import cached_traces, queued_traces, traces
from tests.fixtures.images import photos

SCHEMAS = {"bus", "auth", "users", "scan", "character", "location", "info", "chat"}


async def _live_a_little(
    client: httpx.AsyncClient, signer: TokenSigner, email: str, nickname: str
) -> dict[str, Any]:
    """Log in, scan a photo with a hint, chat, and write a tip (as an admin)."""
    tokens = await dev_login(client, email)
    auth = bearer(tokens["access_token"])
    me = (await client.get("/api/v1/users/me", headers=auth)).json()
    renamed = await client.patch("/api/v1/users/me", headers=auth, json={"nickname": nickname})
    assert renamed.status_code == 200, renamed.text
    stored = (await upload(client, auth, photos.committed("coffee.jpg"))).json()
    body = {"image_key": stored["image_key"], "hint": "커피 컵"}
    scan = await client.post("/api/v1/scan", json=body, headers=auth)
    assert scan.status_code == 202, scan.text
    await follow(client, auth, scan.json()["id"])
    chat = await client.post("/api/v1/chat", json={}, headers=auth)
    asked = await client.post(
        f"/api/v1/chat/{chat.json()['id']}/messages",
        json={"text": "우유팩은 어떻게 버려요?"},
        headers={**auth, "Accept": "application/json"},
    )
    assert asked.status_code == 200, asked.text
    admin = auth_header(signer, me["user_id"], ["user", "admin"])
    tip = await client.post(
        "/api/v1/info/tips", json={"title": "팁", "body": "본문"}, headers=admin
    )
    assert tip.status_code == 201, tip.text
    return {"auth": auth, "user_id": me["user_id"]}


async def test_nothing_of_an_erased_person_is_left_anywhere(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client, container = running.client, running.container
        leaving = await _live_a_little(client, signer, "leaving@example.com", "떠나는사람")
        staying = await _live_a_little(client, signer, "staying@example.com", "남는사람")
        needles = [leaving["user_id"], "leaving@example.com", "떠나는사람"]
        theirs = [staying["user_id"], "staying@example.com", "남는사람"]
        assert len(await traces(container, needles, SCHEMAS)) >= 8
        # Something of theirs is in the cache to be erased (checked before the deletion:
        # after it, the event may already have erased it).
        assert await cached_traces(container.settings, needles) or container.settings.embedded

        deleted = await client.delete("/api/v1/users/me", headers=leaving["auth"])
        assert deleted.status_code == 204

        async def held() -> list[str]:
            return [
                *await traces(container, needles, SCHEMAS),
                *await queued_traces(container.settings, needles),
                *await cached_traces(container.settings, needles),
            ]

        async def gone() -> bool:
            return not await held()

        try:
            await eventually(gone, timeout=30)
        except AssertionError:
            raise AssertionError(f"still held: {await held()}") from None
        kept = set(await traces(container, theirs, SCHEMAS))
        assert {"users.profiles", "scan.jobs", "chat.messages", "info.tips"} <= kept
