"""What the assistant asks other services: nearby places, characters, points, scans."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from ecoeco.core.container import Container
from ecoeco.core.internal import ServiceCallFailed, ServiceClient

FINAL_SCAN = {"done", "needs_confirmation", "failed"}
HINT_CHARS = 200


class LookupFailed(Exception):
    """A service did not answer usefully; the assistant says so politely."""


@dataclass(frozen=True)
class Place:
    """A collection point near the person."""

    name: str
    address: str | None
    distance_m: float | None


@dataclass(frozen=True)
class Candidate:
    """One guess of a scan that was not sure."""

    name_ko: str
    name_en: str


@dataclass(frozen=True)
class ScanOutcome:
    """Where a scan ended: its status and what it recognised."""

    scan_id: str
    status: str
    item: str | None = None
    category: str | None = None
    candidates: list[Candidate] = field(default_factory=list)


def _items(body: Any) -> list[dict[str, Any]]:
    if isinstance(body, dict):
        body = body.get("items", body.get("results", []))
    return [row for row in body if isinstance(row, dict)] if isinstance(body, list) else []


def _slug(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("slug") or value.get("id")
    return value if isinstance(value, str) else None


class Lookups:
    """Internal HTTP calls made on behalf of the person, with their token."""

    def __init__(self, container: Container, *, timeout: float) -> None:
        self.client = ServiceClient(container, timeout=timeout)

    async def _json(self, service: str, path: str, token: str, **options: Any) -> Any:
        try:
            response = await self.client.get(service, path, token=token, **options)
        except ServiceCallFailed as exc:
            raise LookupFailed(str(exc)) from None
        if response.status_code >= 400:
            raise LookupFailed(f"{service} answered {response.status_code}")
        try:
            return response.json()
        except ValueError:
            raise LookupFailed(f"{service} answered with invalid JSON") from None

    async def nearby(
        self, token: str, lat: float, lon: float, accepts: str | None, limit: int = 3
    ) -> list[Place]:
        """Collection points near a position that accept a category."""
        params: dict[str, Any] = {"lat": lat, "lon": lon, "limit": limit}
        if accepts:
            params["accepts"] = accepts
        body = await self._json("location", "/api/v1/locations/nearby", token, params=params)
        places = []
        for row in _items(body)[:limit]:
            distance = row.get("distance_m", row.get("distance"))
            address = row.get("address")
            if isinstance(address, dict):
                address = address.get("road") or address.get("lot")
            places.append(
                Place(
                    name=str(row.get("name") or "?"),
                    address=address if isinstance(address, str) else None,
                    distance_m=float(distance) if isinstance(distance, int | float) else None,
                )
            )
        return places

    async def characters(self, token: str) -> list[dict[str, str]]:
        """Names ({"ko", "en"}) of the characters the person owns."""
        body = await self._json("character", "/api/v1/characters/me", token, params={"limit": 100})
        names = []
        for row in _items(body):
            name = row.get("name")
            if isinstance(name, dict):
                names.append(
                    {"ko": str(name.get("ko")), "en": str(name.get("en") or name.get("ko"))}
                )
            elif name is not None or row.get("code"):
                names.append(dict.fromkeys(("ko", "en"), str(name or row.get("code"))))
        return names

    async def stats(self, token: str) -> dict[str, Any]:
        """The person's points and per-category counts."""
        body = await self._json("users", "/api/v1/users/me/stats", token)
        if not isinstance(body, dict):
            raise LookupFailed("users answered with an unexpected body")
        return body

    async def scan(
        self, token: str, image_key: str, hint: str | None, key: str, *, wait: float, poll: float
    ) -> ScanOutcome:
        """Start a scan of an uploaded image and follow it until it ends or `wait` runs out."""
        payload: dict[str, Any] = {"image_key": image_key}
        if hint:
            payload["hint"] = hint[:HINT_CHARS]
        try:
            response = await self.client.post(
                "scan", "/api/v1/scan", token=token, json=payload, headers={"Idempotency-Key": key}
            )
        except ServiceCallFailed as exc:
            raise LookupFailed(str(exc)) from None
        if response.status_code >= 400:
            raise LookupFailed(f"scan answered {response.status_code}")
        body = response.json()
        scan_id = str(body.get("id") or body.get("scan_id") or "")
        if not scan_id:
            raise LookupFailed("scan answered without an id")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            outcome = self._outcome(scan_id, body)
            if outcome.status in FINAL_SCAN or loop.time() >= deadline:
                return outcome
            await asyncio.sleep(poll)
            body = await self._json("scan", f"/api/v1/scan/{scan_id}", token)

    @staticmethod
    def _outcome(scan_id: str, body: dict[str, Any]) -> ScanOutcome:
        result = body.get("result") if isinstance(body.get("result"), dict) else body
        assert isinstance(result, dict)
        item = result.get("item")
        item_id = _slug(item) if isinstance(item, dict) else item if isinstance(item, str) else None
        candidates = result.get("candidates") or body.get("candidates") or []
        return ScanOutcome(
            scan_id=scan_id,
            status=str(body.get("status", "pending")),
            item=item_id,
            category=_slug(result.get("category")),
            candidates=[_candidate(c) for c in candidates if isinstance(c, dict)],
        )


def _candidate(row: dict[str, Any]) -> Candidate:
    """A candidate's name: its item's, else its category's."""
    named = row.get("item") if isinstance(row.get("item"), dict) else row.get("category")
    if not isinstance(named, dict):
        named = row
    ko = str(named.get("name_ko") or named.get("name") or "?")
    return Candidate(ko, str(named.get("name_en") or ko))
