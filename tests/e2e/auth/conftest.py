"""Fixtures of the auth tests: the fake OAuth provider and an app configured for it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import AppFactory
from tests.e2e.auth.helpers import auth_settings
from tests.fakes.oauth_provider import FakeOAuthProvider


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A hang here costs two minutes, not the run, and is never retried: a test about to
    time out prints every task's await chain (tests/timeout_dump.py), which is what the
    load-dependent hang seen on 2026-11-27 needs to be found (it has not recurred)."""
    for item in items:
        if "tests/e2e/auth/" in str(item.path):
            item.add_marker(pytest.mark.timeout(120))


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
        return app_factory(names, settings=[auth_settings(oauth_provider, **settings)])

    return start
