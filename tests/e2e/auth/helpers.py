"""Shared steps of the auth and users tests: log in, build headers, publish events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from ecoeco.auth.settings import AuthSettings, ProviderSettings
from ecoeco.contracts.events import Event
from ecoeco.core.bus.envelope import Envelope
from ecoeco.core.bus.models import OutboxMessage
from ecoeco.core.container import Container
from ecoeco.core.db.session import OUTBOX_PENDING
from tests.fakes.oauth_provider import FakeOAuthProvider, FakeUser

FRONTEND = "http://localhost:3000"
REDIRECT = f"{FRONTEND}/auth/callback"


def auth_settings(provider: FakeOAuthProvider | None = None, **overrides: Any) -> AuthSettings:
    """Auth settings pointing at the fake provider, with test-friendly cookies."""
    providers: dict[str, Any] = {}
    if provider is not None:
        providers = {n: ProviderSettings(**provider.endpoints(n)) for n in provider.clients}
    values: dict[str, Any] = {
        "cookie_secure": False,
        **providers,
        **overrides,
    }
    return AuthSettings(**values)


def bearer(token: str) -> dict[str, str]:
    """An Authorization header."""
    return {"Authorization": f"Bearer {token}"}


async def dev_login(
    client: httpx.AsyncClient, email: str, nickname: str | None = None
) -> dict[str, Any]:
    """Log in through the dev provider; the token response."""
    body: dict[str, Any] = {"email": email}
    if nickname is not None:
        body["nickname"] = nickname
    response = await client.post("/api/v1/auth/dev/login", json=body)
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


async def social_login(
    client: httpx.AsyncClient,
    fake: FakeOAuthProvider,
    provider: str,
    user: FakeUser,
    **params: Any,
) -> httpx.Response:
    """Authorize, sign in at the fake provider, and call our callback with what came back."""
    headers = params.pop("headers", None)
    query = {"redirect_uri": REDIRECT, **params}
    start = await client.get(f"/api/v1/auth/{provider}/authorize", params=query, headers=headers)
    assert start.status_code == 200, start.text
    back = await fake.sign_in(start.json()["authorization_url"], user)
    assert back["state"] == start.json()["state"]
    return await client.get(f"/api/v1/auth/{provider}/callback", params=back)


async def publish_event(
    container: Container, event: Event, occurred_at: datetime | None = None
) -> None:
    """Put an event in the outbox as its producer would (optionally backdated)."""
    envelope = Envelope.wrap(event)
    async with container.db.transaction() as session:
        session.add(
            OutboxMessage(
                message_id=envelope.id,
                type=envelope.type,
                payload=envelope.payload,
                trace_id=None,
                created_at=occurred_at or envelope.occurred_at,
            )
        )
        session.info[OUTBOX_PENDING] = True
