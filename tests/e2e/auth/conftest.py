"""Fixtures of the auth tests: the fake OAuth provider and an app configured for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import AppFactory
from tests.e2e.auth.helpers import auth_settings, extras
from tests.fakes.oauth_provider import FakeOAuthProvider


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Known flake: under heavy machine load a request here has hung (cause not found yet).

    Bound each test at 2 minutes and retry it, so a hang costs minutes, not the CI run;
    a real failure still fails all three attempts. See the closing note of 2026-11-27.
    """
    for item in items:
        if "tests/e2e/auth/" in str(item.path):
            item.add_marker(pytest.mark.timeout(120))
            item.add_marker(pytest.mark.flaky(reruns=2))


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
