"""Tips: admins create, edit and unpublish; everyone reads published ones; others get 403."""

from __future__ import annotations

from typing import Any

from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import AppFactory, auth_header

TIPS = "/api/v1/info/tips"


async def test_admin_creates_edits_and_unpublishes_tips(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    admin = auth_header(signer, scopes=["user", "admin"])
    async with app_factory(["info"]) as running:
        client = running.client
        created = await client.post(
            TIPS,
            json={
                "title": "라벨은 떼서",
                "body": "페트병 라벨은 비닐류로.",
                "category": "clear_pet",
            },
            headers=admin,
        )
        assert created.status_code == 201, created.text
        tip = created.json()
        assert tip["published"] is True
        assert tip["category"] == "clear_pet"
        second = await client.post(TIPS, json={"title": "두 번째", "body": "본문"}, headers=admin)
        assert second.status_code == 201

        listed = (await client.get(TIPS)).json()
        assert [t["title"] for t in listed["items"]] == ["두 번째", "라벨은 떼서"]
        one = await client.get(f"{TIPS}/{tip['id']}")
        assert one.status_code == 200
        assert one.json()["body"] == "페트병 라벨은 비닐류로."

        edited = await client.patch(
            f"{TIPS}/{tip['id']}", json={"body": "라벨을 떼고 뚜껑은 닫아서."}, headers=admin
        )
        assert edited.status_code == 200, edited.text
        assert edited.json()["body"] == "라벨을 떼고 뚜껑은 닫아서."
        assert edited.json()["title"] == "라벨은 떼서"
        assert edited.json()["updated_at"] >= tip["updated_at"]

        gone = await client.delete(f"{TIPS}/{tip['id']}", headers=admin)
        assert gone.status_code == 204
        public = (await client.get(TIPS)).json()["items"]
        assert [t["title"] for t in public] == ["두 번째"]
        hidden = await client.get(f"{TIPS}/{tip['id']}")
        assert hidden.status_code == 404
        assert hidden.json()["error"]["code"] == "tip_not_found"
        everything = await client.get(TIPS, params={"include_unpublished": "true"}, headers=admin)
        assert len(everything.json()["items"]) == 2
        sneaky = await client.get(TIPS, params={"include_unpublished": "true"})
        assert len(sneaky.json()["items"]) == 1

        again = await client.patch(f"{TIPS}/{tip['id']}", json={"published": True}, headers=admin)
        assert again.json()["published"] is True
        assert len((await client.get(TIPS)).json()["items"]) == 2


async def test_non_admins_cannot_write_tips(app_factory: AppFactory, signer: TokenSigner) -> None:
    admin = auth_header(signer, scopes=["user", "admin"])
    user = auth_header(signer)
    async with app_factory(["info"]) as running:
        client = running.client
        tip = (await client.post(TIPS, json={"title": "t", "body": "b"}, headers=admin)).json()
        attempts: list[tuple[str, str, dict[str, Any] | None]] = [
            ("POST", TIPS, {"title": "t", "body": "b"}),
            ("PATCH", f"{TIPS}/{tip['id']}", {"title": "hacked"}),
            ("DELETE", f"{TIPS}/{tip['id']}", None),
        ]
        for method, url, body in attempts:
            forbidden = await client.request(method, url, json=body, headers=user)
            assert forbidden.status_code == 403, (method, forbidden.text)
            assert forbidden.json()["error"]["code"] == "forbidden"
            anonymous = await client.request(method, url, json=body)
            assert anonymous.status_code == 401
        assert (await client.get(f"{TIPS}/{tip['id']}")).json()["title"] == "t"


async def test_tip_input_is_validated(app_factory: AppFactory, signer: TokenSigner) -> None:
    admin = auth_header(signer, scopes=["admin"])
    async with app_factory(["info"]) as running:
        client = running.client
        bad_bodies: list[dict[str, Any]] = [
            {},
            {"title": "", "body": "b"},
            {"title": "   ", "body": "b"},
            {"title": "t" * 201, "body": "b"},
            {"title": "t", "body": "b", "category": "plutonium"},
            {"title": "t", "body": "b", "unknown": 1},
        ]
        for body in bad_bodies:
            response = await client.post(TIPS, json=body, headers=admin)
            assert response.status_code == 422, (body, response.text)
            assert response.json()["error"]["code"] == "validation_error"
        missing = await client.patch(f"{TIPS}/nope", json={"title": "x"}, headers=admin)
        assert missing.status_code == 404
        assert (await client.delete(f"{TIPS}/nope", headers=admin)).status_code == 404
        tip = (await client.post(TIPS, json={"title": "t", "body": "b"}, headers=admin)).json()
        blank = await client.patch(f"{TIPS}/{tip['id']}", json={"body": " "}, headers=admin)
        assert blank.status_code == 422
        bad_cursor = await client.get(TIPS, params={"cursor": "%%%"})
        assert bad_cursor.status_code == 400


async def test_tips_page_with_a_cursor(app_factory: AppFactory, signer: TokenSigner) -> None:
    admin = auth_header(signer, scopes=["admin"])
    async with app_factory(["info"]) as running:
        client = running.client
        for n in range(5):
            await client.post(TIPS, json={"title": f"tip {n}", "body": "b"}, headers=admin)
        titles: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = (await client.get(TIPS, params=params)).json()
            titles.extend(t["title"] for t in page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert titles == [f"tip {n}" for n in reversed(range(5))]
