"""Logins reuse one connection to the provider, owned by the process and closed with it."""

from __future__ import annotations

from typing import Any

from tests.e2e.auth.helpers import social_login
from tests.fakes.oauth_provider import FakeOAuthProvider, FakeUser


async def test_logins_reuse_one_connection_to_the_provider(
    auth_app: Any, oauth_provider: FakeOAuthProvider
) -> None:
    before = len(oauth_provider.peers)
    async with auth_app() as running:
        for n in range(3):
            user = FakeUser(id=f"pooled-{n}-{id(object())}", email=f"p{n}@example.com")
            done = await social_login(running.client, oauth_provider, "kakao", user)
            assert done.status_code == 200, done.text
        http = running.container.http
        assert http.open_origins == [f"origin:{oauth_provider.base_url}"]
    # Three code exchanges and three profile reads, all over one connection.
    peers = oauth_provider.peers[before:]
    assert len(peers) == 6
    assert len(set(peers)) == 1, peers
    assert http.open_origins == []  # the app's shutdown closed it
