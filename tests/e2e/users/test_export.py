"""GET /users/me/export: one JSON document with everything held on the caller, gathered
from every service over their typed internal clients; rate-limited. Both backends."""

from __future__ import annotations

from ecoeco.users.settings import UsersSettings
from tests.conftest import AppFactory, eventually
from tests.e2e.auth.helpers import auth_settings, bearer, dev_login
from tests.e2e.scan.conftest import follow, upload
from tests.fixtures.images import photos

EXPORT = "/api/v1/users/me/export"


async def test_the_export_holds_everything_and_is_rate_limited(app_factory: AppFactory) -> None:
    limits = UsersSettings(export_limit_per_user="2/minute")
    async with app_factory(settings=[auth_settings(), limits]) as running:
        client = running.client
        tokens = await dev_login(client, "export@example.com", "내보내는사람")
        auth = bearer(tokens["access_token"])
        stored = (await upload(client, auth, photos.committed("coffee.jpg"))).json()
        body = {"image_key": stored["image_key"], "hint": "페트병"}
        scan_id = (await client.post("/api/v1/scan", json=body, headers=auth)).json()["id"]
        await follow(client, auth, scan_id)
        chat = (await client.post("/api/v1/chat", json={"title": "질문"}, headers=auth)).json()
        asked = await client.post(
            f"/api/v1/chat/{chat['id']}/messages",
            json={"text": "페트병은 어떻게 버려요?"},
            headers={**auth, "Accept": "application/json"},
        )
        assert asked.status_code == 200, asked.text
        other = bearer((await dev_login(client, "other@example.com"))["access_token"])

        async def rewarded() -> bool:  # the reward lands after the scan's final event
            stats = (await client.get("/api/v1/users/me/stats", headers=auth)).json()
            return bool(stats["points"] > 0)

        await eventually(rewarded)

        response = await client.get(EXPORT, headers=auth)
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        assert "attachment" in response.headers["content-disposition"]
        document = response.json()
        assert document["profile"]["email"] == "export@example.com"
        assert document["profile"]["nickname"] == "내보내는사람"
        assert document["account"]["email"] == "export@example.com"
        assert [p["provider"] for p in document["account"]["providers"]] == ["dev"]
        assert document["login_history"][0]["action"] == "login"
        (scan,) = document["scans"]
        assert scan["id"] == scan_id
        assert scan["hint"] == "페트병"
        assert scan["status"] in ("done", "needs_confirmation")
        assert scan["result"]["confidence"] > 0
        assert [c["starter"] for c in document["characters"]][0] is True
        ledger = document["points_ledger"]
        assert [e["scan_id"] for e in ledger] == [scan_id]  # a PET bottle is a correct scan
        assert document["stats"]["points"] == ledger[0]["points"] > 0
        (conversation,) = document["conversations"]
        assert conversation["title"] == "질문"
        roles = [m["role"] for m in conversation["messages"]]
        assert roles == ["user", "assistant"], roles
        assert conversation["messages"][0]["text"] == "페트병은 어떻게 버려요?"

        theirs = (await client.get(EXPORT, headers=other)).json()
        # Their profile is made by this export, from the account it read from auth.
        assert theirs["profile"]["email"] == theirs["account"]["email"] == "other@example.com"
        assert theirs["scans"] == []
        assert theirs["conversations"] == []
        assert "export@example.com" not in str(theirs)

        again = await client.get(EXPORT, headers=auth)
        assert again.status_code == 200
        refused = await client.get(EXPORT, headers=auth)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["error"]["code"] == "rate_limited"
        assert (await client.get(EXPORT)).status_code == 401
