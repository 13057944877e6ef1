"""A user can never read or change another user's data, in users or in auth."""

from __future__ import annotations

import jwt

from ecoeco.contracts.events import CharacterGranted, ScanCompleted
from tests.conftest import AppFactory, eventually
from tests.e2e.auth.helpers import auth_settings, bearer, dev_login, publish_event

ME = "/api/v1/users/me"


def _sub(token: str) -> str:
    return str(jwt.decode(token, options={"verify_signature": False})["sub"])


async def test_users_cannot_reach_each_other(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client, container = running.client, running.container
        alice = await dev_login(client, "alice@example.com", "앨리스")
        mallory = await dev_login(client, "mallory@example.com", "말로리")
        alice_id = _sub(alice["access_token"])
        a, m = bearer(alice["access_token"]), bearer(mallory["access_token"])
        # Alice's app opens her profile after login: from then on her nickname is hers
        # (before that it is a suggestion from the provider; see ADR 0010).
        assert (await client.get(ME, headers=a)).json()["nickname"] == "앨리스"
        await publish_event(
            container,
            ScanCompleted(
                scan_id="alice-scan-1",
                user_id=alice_id,
                item="우유팩",
                category="종이팩",
                recyclable=True,
                confirmed=True,
            ),
        )
        await publish_event(
            container, CharacterGranted(user_id=alice_id, code="pack", scan_id=None, points=7)
        )

        async def alice_counted() -> bool:
            return bool((await client.get(f"{ME}/stats", headers=a)).json()["points"] == 7)

        await eventually(alice_counted)
        assert (await client.get(ME, headers=m)).json()["user_id"] != alice_id
        mallory_stats = (await client.get(f"{ME}/stats", headers=m)).json()
        assert mallory_stats["points"] == 0
        assert mallory_stats["scans_by_category"] == []
        for method, path in (
            ("GET", f"/api/v1/users/{alice_id}"),
            ("PATCH", f"/api/v1/users/{alice_id}"),
            ("DELETE", f"/api/v1/users/{alice_id}"),
            ("GET", f"/api/v1/users/{alice_id}/stats"),
        ):
            probe = await client.request(method, path, headers=m, json={"nickname": "hacked"})
            assert probe.status_code in (404, 405), (method, path, probe.status_code)
        smuggled = await client.patch(ME, headers=m, json={"user_id": alice_id, "nickname": "x1"})
        assert smuggled.status_code == 422
        grab = await client.patch(ME, headers=m, json={"nickname": "앨리스"})
        assert grab.status_code == 409
        # auth: Mallory cannot end Alice's session with Alice's refresh token and her own access
        stolen = await client.post(
            "/api/v1/auth/logout", headers=m, json={"refresh_token": alice["refresh_token"]}
        )
        assert stolen.status_code == 401
        listed = (await client.get("/api/v1/auth/identities", headers=m)).json()["items"]
        assert [i["provider"] for i in listed] == ["dev"]
        assert (await client.delete(ME, headers=m)).status_code == 204
        alice_now = await client.get(ME, headers=a)
        assert alice_now.status_code == 200
        assert alice_now.json()["nickname"] == "앨리스"
        assert (await client.get(f"{ME}/stats", headers=a)).json()["points"] == 7
        renewed = await client.post(
            "/api/v1/auth/refresh", json={"refresh_token": alice["refresh_token"]}
        )
        assert renewed.status_code == 200, "Alice's session survived everything Mallory tried"
