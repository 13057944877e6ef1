"""Fixtures of the auth tests: the fake OAuth provider and an app configured for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import AppFactory
from tests.e2e.auth.helpers import auth_settings, extras
from tests.fakes.oauth_provider import FakeOAuthProvider


@pytest.fixture(scope="session")
def oauth_provider() -> Iterator[FakeOAuthProvider]:
    """Kakao, Naver and Google on one local HTTP server, for the whole session."""
    provider = FakeOAuthProvider().start()
    yield provider
    provider.stop()


@pytest.fixture
def auth_app(app_factory: AppFactory, oauth_provider: FakeOAuthProvider) -> Callable[..., Any]:
    """Start the app with auth settings aimed at the fake provider (plus overrides)."""

    def start(names: list[str] | None = None, **settings: Any) -> Any:
        return app_factory(names, extras=extras(auth_settings(oauth_provider, **settings)))

    return start
