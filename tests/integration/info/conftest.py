"""Fixtures of the info integration tests: the local feed server."""

from tests.e2e.info.conftest import feed_server

__all__ = ["feed_server"]
