"""A steady load of virtual users for chaos scenarios, recording every outcome."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx


@dataclass(frozen=True)
class Outcome:
    """One request: when it started, what it was, how it ended, how long it took."""

    started: float
    journey: str
    status: int
    seconds: float
    retry_after: str | None = None


Journey = Callable[["VirtualUser"], Awaitable[None]]


@dataclass
class VirtualUser:
    """One simulated person with a token and a shared outcome log."""

    client: httpx.AsyncClient
    urls: dict[str, str]
    log: list[Outcome]
    token: str | None = None
    email: str = field(default_factory=lambda: f"vu-{uuid.uuid4().hex[:10]}@example.com")
    # Each person comes from their own address (a documentation range, only ever a header),
    # so per-IP login limits treat them as the different people they are.
    address: str = field(default_factory=lambda: f"203.0.113.{uuid.uuid4().int % 254 + 1}")

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def call(
        self, journey: str, method: str, url: str, **kwargs: object
    ) -> httpx.Response | None:
        """Make one request and record its outcome (status 0 = transport error or timeout)."""
        started = time.monotonic()
        headers = {"X-Forwarded-For": self.address, **dict(kwargs.pop("headers", {}) or {})}  # type: ignore[call-overload]
        try:
            response = await self.client.request(method, url, headers=headers, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError:
            self.log.append(Outcome(started, journey, 0, time.monotonic() - started))
            return None
        self.log.append(
            Outcome(
                started,
                journey,
                response.status_code,
                time.monotonic() - started,
                response.headers.get("retry-after"),
            )
        )
        return response


async def login(user: VirtualUser) -> None:
    """Dev login; keeps the token when it works."""
    response = await user.call(
        "login", "POST", f"{user.urls['auth']}/api/v1/auth/dev/login", json={"email": user.email}
    )
    if response is not None and response.status_code == 200:
        user.token = response.json()["access_token"]


async def read_profile(user: VirtualUser) -> None:
    """GET /users/me (token verification touches the revocation list in Redis)."""
    if user.token is None:
        await login(user)
        return
    await user.call("profile", "GET", f"{user.urls['users']}/api/v1/users/me", headers=user.auth)


class Load:
    """Runs `users` virtual users, each repeating its journeys with a short pause."""

    def __init__(self, urls: dict[str, str], journeys: list[Journey], users: int = 20) -> None:
        self.urls = urls
        self.journeys = journeys
        self.users = users
        self.log: list[Outcome] = []
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(15.0), limits=httpx.Limits(max_connections=200)
        )

    async def _run_user(self) -> None:
        user = VirtualUser(self._client, self.urls, self.log)
        await login(user)
        while not self._stop.is_set():
            for journey in self.journeys:
                await journey(user)
            await asyncio.sleep(0.2)

    async def __aenter__(self) -> Load:
        self._tasks = [asyncio.create_task(self._run_user()) for _ in range(self.users)]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        await asyncio.wait_for(asyncio.gather(*self._tasks, return_exceptions=True), 30)
        await self._client.aclose()

    def between(self, start: float, end: float) -> list[Outcome]:
        """Outcomes of requests started in [start, end)."""
        return [o for o in self.log if start <= o.started < end]
