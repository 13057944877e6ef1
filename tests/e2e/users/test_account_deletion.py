"""DELETE /users/me: every token dies and nothing of the person stays in auth or users."""

from __future__ import annotations

from typing import Any

import jwt

from ecoeco.contracts.events import CharacterGranted, ScanCompleted
from tests.conftest import AppFactory, eventually
from tests.e2e.auth.helpers import auth_settings, bearer, dev_login, publish_event
from tests.e2e.users.helpers import traces

ME = "/api/v1/users/me"
STATS = "/api/v1/users/me/stats"
REFRESH = "/api/v1/auth/refresh"
IDENTITIES = "/api/v1/auth/identities"


def _sub(tokens: dict[str, Any]) -> str:
    return str(jwt.decode(tokens["access_token"], options={"verify_signature": False})["sub"])


async def test_deleting_an_account_erases_it_everywhere(app_factory: AppFactory) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client, container = running.client, running.container
        phone = await dev_login(client, "leaving@example.com", "떠나는사람")
        laptop = await dev_login(client, "leaving@example.com")
        stays = await dev_login(client, "staying@example.com", "남는사람")
        victim, bystander = _sub(phone), _sub(stays)
        patched = await client.patch(
            ME, headers=bearer(phone["access_token"]), json={"nickname": "Leaver_1"}
        )
        assert patched.status_code == 200, patched.text
        for user_id in (victim, bystander):
            await publish_event(
                container,
                ScanCompleted(
                    scan_id=f"scan-{user_id}"[:32],
                    user_id=user_id,
                    item="페트병",
                    category="무색페트병",
                    recyclable=True,
                    confirmed=True,
                ),
            )
            await publish_event(
                container,
                CharacterGranted(user_id=user_id, code="pet", scan_id=None, points=10),
            )

        async def stats_landed() -> bool:
            for tokens in (phone, stays):
                body = (await client.get(STATS, headers=bearer(tokens["access_token"]))).json()
                if body["points"] != 10 or body["scans_total"] != 1:
                    return False
            return True

        await eventually(stats_landed)
        needles = [victim, "leaving@example.com"]
        assert set(await traces(container, needles, {"auth", "users"})) >= {
            "auth.accounts",
            "auth.identities",
            "auth.token_families",
            "auth.login_events",
            "users.profiles",
            "users.point_balances",
            "users.scan_tallies",
        }

        deleted = await client.delete(ME, headers=bearer(phone["access_token"]))
        assert deleted.status_code == 204, deleted.text
        assert (await client.get(ME, headers=bearer(phone["access_token"]))).status_code == 401

        assert (await client.get(ME, headers=bearer(laptop["access_token"]))).status_code == 401

        async def all_tokens_dead() -> bool:
            # auth's own endpoint: the token itself is blacklisted, not just the profile gone
            listed = await client.get(IDENTITIES, headers=bearer(laptop["access_token"]))
            return bool(listed.status_code == 401)

        await eventually(all_tokens_dead)
        for tokens in (phone, laptop):
            refused = await client.post(REFRESH, json={"refresh_token": tokens["refresh_token"]})
            assert refused.status_code == 401

        async def nothing_left() -> bool:
            return await traces(container, needles, {"auth", "users"}) == []

        await eventually(nothing_left)
        still = await client.get(STATS, headers=bearer(stays["access_token"]))
        assert still.json()["points"] == 10
        assert (await client.get(ME, headers=bearer(stays["access_token"]))).json()[
            "nickname"
        ] == "남는사람"
        renewed = await client.post(REFRESH, json={"refresh_token": stays["refresh_token"]})
        assert renewed.status_code == 200

        again = await dev_login(client, "leaving@example.com")
        assert _sub(again) != victim, "coming back starts a new account"
