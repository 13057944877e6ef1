"""Small typed clients for the internal HTTP APIs other services call.

Each answer is parsed into the model its producer serves (`ecoeco.contracts.*`), so a
producer that changes a shape breaks the type check and the contract test, instead of
a consumer guessing field names. The transport underneath is `ServiceLinks`: a URL per
service, or this process's own app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ecoeco.contracts.auth import AccountOut, LoginHistory
from ecoeco.contracts.character import CharacterExport, OwnedCharacterOut
from ecoeco.contracts.chat import ChatExport
from ecoeco.contracts.location import NearbyPlaceOut
from ecoeco.contracts.scan import ScanAccepted, ScanCreate, ScanExport, ScanOut, ScanSummary
from ecoeco.contracts.users import StatsOut
from ecoeco.core.internal import QueryValue, ServiceCallFailed, ServiceClient, ServiceLinks
from ecoeco.core.pagination import Page
from ecoeco.core.paths import api_path

M = TypeVar("M", bound=BaseModel)
Answer = TypeVar("Answer", bound=BaseModel, covariant=True)


class ServiceRefused(Exception):
    """The service answered the request with a 4xx (the caller decides what that means)."""

    def __init__(self, service: str, status: int, code: str | None) -> None:
        super().__init__(f"{service} answered {status} ({code or 'no code'})")
        self.service = service
        self.status = status
        self.code = code


class _ErrorCode(BaseModel):
    code: str


class _ErrorBody(BaseModel):
    """Just the code of an error answer (`{"error": {"code", ...}}`)."""

    error: _ErrorCode


def _error_code(body: bytes) -> str | None:
    try:
        return _ErrorBody.model_validate_json(body).error.code
    except ValidationError:
        return None


@dataclass(frozen=True)
class Endpoint(Generic[Answer]):
    """One internal API call: which service, method and path, and the model it answers.

    The producing service serves `path` (under the API prefix) with `answer` as its
    response model; `tests/unit/contracts` checks that against the producers' routes.
    """

    service: str
    method: str
    path: str
    answer: type[Answer]


SCAN_START = Endpoint("scan", "POST", "/scan", ScanAccepted)
SCAN_GET = Endpoint("scan", "GET", "/scan/{scan_id}", ScanOut)
SCAN_HISTORY = Endpoint("scan", "GET", "/scan", Page[ScanSummary])
USERS_STATS = Endpoint("users", "GET", "/users/me/stats", StatsOut)
LOCATION_NEARBY = Endpoint("location", "GET", "/locations/nearby", Page[NearbyPlaceOut])
CHARACTERS_OWNED = Endpoint("character", "GET", "/characters/me", Page[OwnedCharacterOut])
AUTH_ACCOUNT = Endpoint("auth", "GET", "/auth/account", AccountOut)
AUTH_LOGINS = Endpoint("auth", "GET", "/auth/account/logins", LoginHistory)
SCAN_EXPORT = Endpoint("scan", "GET", "/scan/me/export", ScanExport)
CHARACTERS_EXPORT = Endpoint("character", "GET", "/characters/me/export", CharacterExport)
CHAT_EXPORT = Endpoint("chat", "GET", "/chat/me/export", ChatExport)

ENDPOINTS: tuple[Endpoint[BaseModel], ...] = (
    SCAN_START,
    SCAN_GET,
    SCAN_HISTORY,
    USERS_STATS,
    LOCATION_NEARBY,
    CHARACTERS_OWNED,
    AUTH_ACCOUNT,
    AUTH_LOGINS,
    SCAN_EXPORT,
    CHARACTERS_EXPORT,
    CHAT_EXPORT,
)


class _TypedClient:
    """Sends a request and reads the answer as its endpoint's model."""

    service: str

    def __init__(self, links: ServiceLinks, *, timeout: float | None = None) -> None:
        self.http = ServiceClient(links, self.service, timeout=timeout)

    async def _call(
        self,
        endpoint: Endpoint[M],
        token: str,
        *,
        path: dict[str, str] | None = None,
        params: dict[str, QueryValue] | None = None,
        body: BaseModel | None = None,
        headers: dict[str, str] | None = None,
    ) -> M:
        assert endpoint.service == self.service
        response = await self.http.request(
            endpoint.method,
            api_path(endpoint.path.format_map(path or {})),
            token=token,
            params=params,
            json=body.model_dump(mode="json", exclude_none=True) if body is not None else None,
            headers=headers,
        )
        if response.status_code >= 400:
            raise ServiceRefused(self.service, response.status_code, _error_code(response.content))
        model = endpoint.answer
        try:
            return model.model_validate_json(response.content)
        except ValidationError:
            raise ServiceCallFailed(self.service, f"answered a {model.__name__} badly") from None


class ScanClient(_TypedClient):
    """The scan service, on behalf of the person whose token is passed."""

    service = "scan"

    async def start(self, token: str, body: ScanCreate, idempotency_key: str) -> ScanAccepted:
        """`POST /scan`: queue a scan (the same key replays the same scan)."""
        headers = {"Idempotency-Key": idempotency_key}
        return await self._call(SCAN_START, token, body=body, headers=headers)

    async def get(self, token: str, scan_id: str) -> ScanOut:
        """`GET /scan/{id}`: one of the person's scans."""
        return await self._call(SCAN_GET, token, path={"scan_id": scan_id})

    async def history(self, token: str, limit: int, cursor: str | None) -> Page[ScanSummary]:
        """`GET /scan`: one page of the person's scans, newest first."""
        params: dict[str, QueryValue] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        return await self._call(SCAN_HISTORY, token, params=params)

    async def export(self, token: str) -> ScanExport:
        """`GET /scan/me/export`: every scan of the person with its result."""
        return await self._call(SCAN_EXPORT, token)


class UsersClient(_TypedClient):
    """The users service, on behalf of the person whose token is passed."""

    service = "users"

    async def stats(self, token: str) -> StatsOut:
        """`GET /users/me/stats`: points, scans by category, streak."""
        return await self._call(USERS_STATS, token)


class LocationClient(_TypedClient):
    """The location service."""

    service = "location"

    async def nearby(
        self, token: str, lat: float, lon: float, *, accepts: str | None, limit: int
    ) -> Page[NearbyPlaceOut]:
        """`GET /locations/nearby`: the places nearest a point, optionally taking a category."""
        params: dict[str, QueryValue] = {"lat": lat, "lon": lon, "limit": limit}
        if accepts:
            params["accepts"] = accepts
        return await self._call(LOCATION_NEARBY, token, params=params)


class CharacterClient(_TypedClient):
    """The character service, on behalf of the person whose token is passed."""

    service = "character"

    async def owned(self, token: str, limit: int = 100) -> Page[OwnedCharacterOut]:
        """`GET /characters/me`: the characters the person owns."""
        return await self._call(CHARACTERS_OWNED, token, params={"limit": limit})

    async def export(self, token: str) -> CharacterExport:
        """`GET /characters/me/export`: owned characters and the points ledger."""
        return await self._call(CHARACTERS_EXPORT, token)


class ChatClient(_TypedClient):
    """The chat service, on behalf of the person whose token is passed."""

    service = "chat"

    async def export(self, token: str) -> ChatExport:
        """`GET /chat/me/export`: every conversation with its messages."""
        return await self._call(CHAT_EXPORT, token)


class AuthClient(_TypedClient):
    """The auth service, on behalf of the person whose token is passed."""

    service = "auth"

    async def account(self, token: str) -> AccountOut:
        """`GET /auth/account`: the e-mail and display name the provider gave."""
        return await self._call(AUTH_ACCOUNT, token)

    async def logins(self, token: str) -> LoginHistory:
        """`GET /auth/account/logins`: the account's login history, newest first."""
        return await self._call(AUTH_LOGINS, token)
