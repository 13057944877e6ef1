"""HTTP clients for addresses that come from outside: they only reach the public internet.

A feed URL (or a redirect it answers with) could point at the instance metadata service
(169.254.169.254), a database on the private network, or this process's own admin
ports. Every connection such a client opens, the first and each one after a redirect,
is resolved here, and refused unless every address the name resolves to is public;
the connection then goes to an address that was checked, so a second DNS answer
cannot swap it for another (DNS rebinding). TLS still verifies the host name.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable, Sequence
from typing import Any

import httpcore
import httpx

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def is_public(address: Address) -> bool:
    """True for a globally routable unicast address (not private, loopback, link-local,
    carrier-grade NAT, multicast, reserved or unspecified)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class EgressRefused(httpcore.ConnectError):
    """The destination resolves to an address this client must not reach."""


class PublicOnlyBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections to public addresses only (and to `allowed` networks)."""

    def __init__(
        self, allowed: Iterable[Network] = (), inner: httpcore.AsyncNetworkBackend | None = None
    ) -> None:
        self.allowed = tuple(allowed)
        self.inner = inner or httpcore.AnyIOBackend()

    def permits(self, address: Address) -> bool:
        """True when the address may be reached."""
        return is_public(address) or any(address in network for network in self.allowed)

    async def resolve(self, host: str, port: int) -> list[Address]:
        """Every address of `host`; raises `EgressRefused` if any one is not permitted."""
        try:
            literal: Address | None = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            literal = None
        if literal is not None:
            found = [literal]
        else:
            loop = asyncio.get_running_loop()
            try:
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError as exc:
                raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
            found = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
        refused = [a for a in found if not self.permits(a)]
        if refused or not found:
            raise EgressRefused(
                f"{host} resolves to {refused[0] if refused else 'nothing'}, "
                "which is not a public address"
            )
        return found

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect to the first checked address of `host` that answers."""
        last: Exception | None = None
        for address in await self.resolve(host, port):
            try:
                return await self.inner.connect_tcp(
                    str(address),
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        """Never: a Unix socket is local by definition."""
        raise EgressRefused("unix sockets are not reachable from here")

    async def sleep(self, seconds: float) -> None:
        """Sleep as the inner backend does."""
        await self.inner.sleep(seconds)


def public_client(
    *,
    allowed_networks: Sequence[str] = (),
    timeout: float = 10.0,
    headers: dict[str, str] | None = None,
    follow_redirects: bool = True,
    max_redirects: int = 5,
) -> httpx.AsyncClient:
    """An httpx client that can only reach public addresses (plus `allowed_networks`).

    Proxy variables are ignored: through a proxy the destination could not be checked.
    """
    backend = PublicOnlyBackend(ipaddress.ip_network(n, strict=False) for n in allowed_networks)
    transport = httpx.AsyncHTTPTransport(trust_env=False)
    # httpx builds its own connection pool; ours differs only in how it connects.
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False), network_backend=backend
    )
    return httpx.AsyncClient(
        transport=transport,
        timeout=httpx.Timeout(timeout),
        headers=headers,
        follow_redirects=follow_redirects,
        max_redirects=max_redirects,
        trust_env=False,
    )
