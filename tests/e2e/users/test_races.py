"""Concurrent first reads, first logins and nickname grabs answer 2xx/409, never 500."""

from __future__ import annotations

import asyncio

import jwt

from ecoeco.core.security.tokens import TokenSigner
from tests.conftest import AppFactory, auth_header
from tests.e2e.auth.helpers import auth_settings, dev_login

ME = "/api/v1/users/me"


async def test_concurrent_first_requests(app_factory: AppFactory, signer: TokenSigner) -> None:
    async with app_factory(settings=[auth_settings()]) as running:
        client = running.client
        newcomer = auth_header(signer, "race-newcomer-0000000000000")
        reads = await asyncio.gather(*(client.get(ME, headers=newcomer) for _ in range(6)))
        assert [r.status_code for r in reads] == [200] * 6
        assert len({r.json()["created_at"] for r in reads}) == 1

        logins = await asyncio.gather(
            *(
                client.post("/api/v1/auth/dev/login", json={"email": "twice@example.com"})
                for _ in range(4)
            )
        )
        assert [r.status_code for r in logins] == [200] * 4
        subs = {
            jwt.decode(r.json()["access_token"], options={"verify_signature": False})["sub"]
            for r in logins
        }
        assert len(subs) == 1, "one identity, one account"

        rivals = [auth_header(signer, f"race-rival-{n}-000000000000000") for n in range(4)]
        grabs = await asyncio.gather(
            *(client.patch(ME, headers=h, json={"nickname": "유일한이름"}) for h in rivals)
        )
        assert sorted(r.status_code for r in grabs) == [200, 409, 409, 409], [r.text for r in grabs]


async def test_an_earlier_claim_wins_over_the_providers_suggestion(
    app_factory: AppFactory, signer: TokenSigner
) -> None:
    """Someone claims a nickname before its provider-suggested owner first opens the app."""
    async with app_factory(["auth", "users"], settings=[auth_settings()]) as running:
        client = running.client
        claimer = auth_header(signer, "nick-claimer-00000000000000")
        claimed = await client.patch(ME, headers=claimer, json={"nickname": "지수"})
        assert claimed.status_code == 200, claimed.text
        token = (await dev_login(client, "jisu@example.com", "지수"))["access_token"]
        first = await client.get(ME, headers={"Authorization": f"Bearer {token}"})
        assert first.status_code == 200, "a taken suggestion is dropped, never an error"
        assert first.json()["nickname"] is None
        assert (await client.get(ME, headers=claimer)).json()["nickname"] == "지수"
