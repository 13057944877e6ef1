"""`GET /users/me/scans` shows the caller's own scans, as the scan service records them."""

from __future__ import annotations

from tests.conftest import AppFactory
from tests.e2e.scan.conftest import follow, login


async def test_my_scans_lists_only_my_scans_newest_first(app_factory: AppFactory) -> None:
    async with app_factory() as running:
        client = running.client
        me, stranger = await login(client), await login(client)
        ids = []
        for hint in ("우유팩", "페트병"):
            created = await client.post("/api/v1/scan", json={"hint": hint}, headers=me)
            assert created.status_code == 202, created.text
            ids.append(created.json()["id"])
            await follow(client, me, ids[-1])

        first = await client.get("/api/v1/users/me/scans", params={"limit": 1}, headers=me)
        assert first.status_code == 200, first.text
        page = first.json()
        assert [line["id"] for line in page["items"]] == [ids[1]]
        assert page["items"][0]["status"] == "done"
        second = await client.get(
            "/api/v1/users/me/scans", params={"cursor": page["next_cursor"]}, headers=me
        )
        assert [line["id"] for line in second.json()["items"]] == [ids[0]]

        theirs = await client.get("/api/v1/users/me/scans", headers=stranger)
        assert theirs.json()["items"] == []
        tampered = await client.get(
            "/api/v1/users/me/scans", params={"cursor": "not-a-cursor"}, headers=me
        )
        assert tampered.status_code == 400
        assert (await client.get("/api/v1/users/me/scans")).status_code == 401
