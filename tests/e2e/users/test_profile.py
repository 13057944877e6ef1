"""GET/PATCH /users/me: creation on first read, nickname rules, image key, notifications."""

from __future__ import annotations

import unicodedata

import jwt

from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import AppFactory, auth_header
from tests.e2e.auth.helpers import auth_settings, dev_login
from tests.e2e.users.helpers import traces
from tests.fixtures.images import photos

ME = "/api/v1/users/me"
UPLOADS = "/api/v1/scan/uploads"


async def test_profile_is_created_on_first_read_from_the_account(
    app_factory: AppFactory,
) -> None:
    """The token names only the account; the e-mail and nickname come from auth."""
    async with app_factory(["auth", "users"], settings=[auth_settings()]) as running:
        tokens = await dev_login(running.client, "a@example.com", "처음온사람")
        token = tokens["access_token"]
        claims = jwt.decode(token, options={"verify_signature": False})
        assert not {"email", "nickname"} & set(claims)
        assert "a@example.com" not in str(claims)
        assert "처음온사람" not in str(claims)
        me = await running.client.get(ME, headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200, me.text
        body = me.json()
        assert body["user_id"] == claims["sub"]
        assert body["email"] == "a@example.com"
        assert body["nickname"] == "처음온사람"
        events = await traces(running.container, ["a@example.com", "처음온사람"], {"bus"})
        assert events == [], "events carry ids only"
        assert body["notifications"] == {"scan_results": True, "news": True, "marketing": False}
        again = await running.client.get(ME, headers={"Authorization": f"Bearer {token}"})
        assert again.json()["created_at"] == body["created_at"]


async def test_a_token_auth_never_issued_makes_a_profile_without_an_email(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory(["auth", "users"], settings=[auth_settings()]) as running:
        me = await running.client.get(ME, headers=auth_header(signer, "no-account-0000000000000"))
        assert me.status_code == 200, me.text
        assert (me.json()["email"], me.json()["nickname"]) == (None, None)


async def test_nickname_rules(app_factory: AppFactory, signer: TokenSigner) -> None:
    async with app_factory(["users"]) as running:
        client = running.client
        minji = auth_header(signer, "nick-user-minji-00000000000")
        accepted = {
            "민지": "민지",
            "  Eco_민지2  ": "Eco_민지2",
            unicodedata.normalize("NFD", "분리배출"): "분리배출",
            "ab": "ab",
            "a" * 20: "a" * 20,
        }
        for raw, stored in accepted.items():
            response = await client.patch(ME, headers=minji, json={"nickname": raw})
            assert response.status_code == 200, (raw, response.text)
            assert response.json()["nickname"] == stored
        for bad in ["a", "a" * 21, "eco min", "eco-min", "에코🌱", "ㅋㅋㅋ", "", "   ", "<b>x</b>"]:
            refused = await client.patch(ME, headers=minji, json={"nickname": bad})
            assert refused.status_code == 422, (bad, refused.text)
            assert refused.json()["error"]["code"] == "validation_error"
        assert (await client.get(ME, headers=minji)).json()["nickname"] == "a" * 20


async def test_nickname_is_unique_ignoring_case(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    async with app_factory(["users"]) as running:
        client = running.client
        first = auth_header(signer, "nick-owner-0000000000000000")
        second = auth_header(signer, "nick-wanter-000000000000000")
        assert (await client.patch(ME, headers=first, json={"nickname": "Recycler"})).is_success
        for wanted in ("Recycler", "recycler", " RECYCLER "):
            taken = await client.patch(ME, headers=second, json={"nickname": wanted})
            assert taken.status_code == 409, taken.text
            assert taken.json()["error"]["code"] == "nickname_taken"
        mine = await client.patch(ME, headers=first, json={"nickname": "recycler"})
        assert mine.status_code == 200, "changing the case of your own nickname is allowed"
        assert (await client.patch(ME, headers=first, json={"nickname": "Other"})).is_success
        freed = await client.patch(ME, headers=second, json={"nickname": "Recycler"})
        assert freed.status_code == 200, "a released nickname can be taken"


async def test_image_key_and_notifications(app_factory: AppFactory, signer: TokenSigner) -> None:
    async with app_factory(["users", "storage"]) as running:
        client = running.client
        me = auth_header(signer, "settings-user-000000000000")
        other = auth_header(signer, "other-person-0000000000000")
        photo = {"file": ("p.jpg", photos.committed("coffee.jpg"), "image/jpeg")}
        mine = (await client.post(UPLOADS, headers=me, files=photo)).json()
        theirs = (await client.post(UPLOADS, headers=other, files=photo)).json()
        changed = await client.patch(
            ME,
            headers=me,
            json={"profile_image_key": mine["thumbnail_key"], "notifications": {"news": False}},
        )
        assert changed.status_code == 200, changed.text
        body = changed.json()
        assert body["profile_image_key"] == mine["thumbnail_key"]
        assert body["notifications"] == {"scan_results": True, "news": False, "marketing": False}
        marketing = await client.patch(ME, headers=me, json={"notifications": {"marketing": True}})
        assert marketing.json()["notifications"] == {
            "scan_results": True,
            "news": False,
            "marketing": True,
        }
        cleared = await client.patch(ME, headers=me, json={"profile_image_key": None})
        assert cleared.json()["profile_image_key"] is None
        never_stored = mine["thumbnail_key"].replace(mine["thumbnail_key"].split("/")[3], "0" * 26)
        for bad in (
            "../../etc/passwd",
            "/abs/key",
            "javascript:alert(document.cookie)",
            "https://evil.example/face.png",
            "avatars/u1/face.webp",
            theirs["thumbnail_key"],  # someone else's thumbnail
            mine["image_key"],  # one's own, but not a thumbnail
            never_stored,
        ):
            refused = await client.patch(ME, headers=me, json={"profile_image_key": bad})
            assert refused.status_code == 422, (bad, refused.text)
            assert refused.json()["error"]["code"] == "profile_image_invalid", bad
        assert (await client.get(ME, headers=me)).json()["profile_image_key"] is None
        for bad_body in (
            {"notifications": {"news": "sometimes"}},
            {"notifications": {"sms": True}},
            {"email": "new@example.com"},
            {"user_id": "someone-else"},
        ):
            refused = await client.patch(ME, headers=me, json=bad_body)
            assert refused.status_code == 422, (bad_body, refused.text)
        assert (await client.patch(ME, json={"nickname": "nobody"})).status_code == 401
