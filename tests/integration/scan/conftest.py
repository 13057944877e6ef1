"""Scan integration tests settle the bus before their app stops, like the e2e ones."""

from tests.e2e.scan.conftest import app_factory

__all__ = ["app_factory"]
