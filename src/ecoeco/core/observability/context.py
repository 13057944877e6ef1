"""The request id that follows a request through the broker into workers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("ecoeco_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request or message being handled, if any."""
    return _request_id.get()


@contextmanager
def request_id_scope(value: str | None) -> Iterator[None]:
    """Set the request id for the duration of a block."""
    token = _request_id.set(value)
    try:
        yield
    finally:
        _request_id.reset(token)
