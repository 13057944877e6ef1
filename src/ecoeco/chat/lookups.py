"""What the assistant asks other services: nearby places, characters, points, scans.

Every answer is a model of `ecoeco.contracts`, read through its typed client; a
service that cannot answer, or answers in another shape, is a `LookupFailed`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TypeVar

from ecoeco.contracts.character import Localized
from ecoeco.contracts.clients import (
    CharacterClient,
    LocationClient,
    ScanClient,
    ServiceRefused,
    UsersClient,
)
from ecoeco.contracts.location import NearbyPlaceOut
from ecoeco.contracts.scan import CandidateOut, ScanCreate, ScanOut, ScanStatus
from ecoeco.contracts.users import StatsOut
from ecoeco.core.internal import ServiceCallFailed, ServiceLinks

HINT_CHARS = 200
T = TypeVar("T")


class LookupFailed(Exception):
    """A service did not answer usefully; the assistant says so politely."""


@dataclass(frozen=True)
class ScanOutcome:
    """Where a scan ended: its status and what it recognised."""

    scan_id: str
    status: ScanStatus
    item: str | None = None
    category: str | None = None
    candidates: list[CandidateOut] = field(default_factory=list)

    @classmethod
    def of(cls, scan: ScanOut) -> ScanOutcome:
        """The outcome a scan view shows."""
        result = scan.result
        if result is None:
            return cls(scan.id, scan.status)
        return cls(
            scan_id=scan.id,
            status=scan.status,
            item=result.item.id if result.item else None,
            category=result.category.slug if result.category else None,
            candidates=list(result.candidates),
        )


async def _asked(call: Awaitable[T]) -> T:
    try:
        return await call
    except (ServiceCallFailed, ServiceRefused) as exc:
        raise LookupFailed(str(exc)) from None


class Lookups:
    """Internal HTTP calls made on behalf of the person, with their token."""

    def __init__(self, links: ServiceLinks, *, timeout: float) -> None:
        self.places = LocationClient(links, timeout=timeout)
        self.characters_client = CharacterClient(links, timeout=timeout)
        self.users = UsersClient(links, timeout=timeout)
        self.scans = ScanClient(links, timeout=timeout)

    async def nearby(
        self, token: str, lat: float, lon: float, accepts: str | None, limit: int = 3
    ) -> list[NearbyPlaceOut]:
        """Collection points near a position that accept a category."""
        page = await _asked(self.places.nearby(token, lat, lon, accepts=accepts, limit=limit))
        return page.items[:limit]

    async def characters(self, token: str) -> list[Localized]:
        """Names of the characters the person owns."""
        page = await _asked(self.characters_client.owned(token))
        return [owned.name for owned in page.items]

    async def stats(self, token: str) -> StatsOut:
        """The person's points and per-category counts."""
        return await _asked(self.users.stats(token))

    async def scan(
        self, token: str, image_key: str, hint: str | None, key: str, *, wait: float, poll: float
    ) -> ScanOutcome:
        """Start a scan of an uploaded image and follow it until it ends or `wait` runs out."""
        body = ScanCreate(image_key=image_key, hint=hint[:HINT_CHARS] if hint else None)
        accepted = await _asked(self.scans.start(token, body, key))
        outcome = ScanOutcome(accepted.id, accepted.status)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while not outcome.status.final and loop.time() < deadline:
            await asyncio.sleep(poll)
            outcome = ScanOutcome.of(await _asked(self.scans.get(token, accepted.id)))
        return outcome
