"""Pooled HTTP clients: one `httpx.AsyncClient` per process and target origin.

Opening a client per call costs a TCP handshake (and a TLS handshake, with a CA
bundle loaded into a new TLS context) on every internal call, JWKS fetch, OAuth
exchange and LLM request. `HttpClients` is owned by the composition root (the
`Container`): it keeps one client per origin (`scheme://host:port`), all sharing
one TLS context, whose connections stay open between calls (keep-alive) and are
closed when the process stops. Callers never close what it hands out; each request
passes its own timeout.

Idle connections are dropped after `keepalive_expiry` seconds, below the servers'
keep-alive (`ECOECO_KEEP_ALIVE_SECONDS`), so the client is always the side that
closes an idle connection and never reuses one the server is closing.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import httpx


@dataclass(frozen=True)
class PoolLimits:
    """How many connections each origin's client keeps, and for how long when idle."""

    max_connections: int = 100
    max_keepalive_connections: int = 20
    keepalive_expiry: float = 30.0

    def httpx(self) -> httpx.Limits:
        """The same limits in httpx's terms."""
        return httpx.Limits(
            max_connections=self.max_connections,
            max_keepalive_connections=self.max_keepalive_connections,
            keepalive_expiry=self.keepalive_expiry,
        )


def origin_of(url: str | httpx.URL) -> str:
    """`scheme://host:port` of a URL (the port made explicit)."""
    parsed = httpx.URL(url)
    if not parsed.scheme or not parsed.host:
        raise ValueError(f"not an absolute http(s) URL: {url}")
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    return f"{parsed.scheme}://{parsed.host}:{port}"


class HttpClients:
    """The process's HTTP clients, one per origin (or per named special purpose).

    `aclose` closes them all and forgets them: a later call (an app started again in
    the same process, as tests do) gets fresh ones.
    """

    def __init__(self, limits: PoolLimits | None = None) -> None:
        self.limits = limits or PoolLimits()
        self._clients: dict[str, httpx.AsyncClient] = {}

    @cached_property
    def tls(self) -> ssl.SSLContext:
        """One TLS context (the CA bundle loaded once) for every origin."""
        return httpx.create_ssl_context()

    def for_url(self, url: str | httpx.URL) -> httpx.AsyncClient:
        """The pooled client for the origin of `url` (absolute URLs work as they are)."""
        origin = origin_of(url)
        return self.named(f"origin:{origin}", lambda: self._origin_client(origin))

    def named(self, key: str, make: Callable[[], httpx.AsyncClient]) -> httpx.AsyncClient:
        """The client kept under `key`, made by `make` the first time.

        For clients that differ in how they connect rather than where: the in-process
        app's ASGI transport, the public-only client that fetches news feeds.
        """
        client = self._clients.get(key)
        if client is None or client.is_closed:
            client = self._clients[key] = make()
        return client

    def _origin_client(self, origin: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=origin, verify=self.tls, limits=self.limits.httpx())

    @property
    def open_origins(self) -> list[str]:
        """The keys of the clients open now."""
        return [key for key, client in self._clients.items() if not client.is_closed]

    async def aclose(self) -> None:
        """Close every client (at shutdown)."""
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()
