"""Browsers: the session cookies, the CSRF check on cookie requests, and security headers.

A browser on our own origin (the console) authenticates with the HttpOnly access cookie.
A cookie travels with requests other sites make too, so an unsafe request (POST, PUT,
PATCH, DELETE) that carries a session cookie and no `Authorization` header must prove it
comes from us: an `Origin` naming this host (or a trusted origin), or an `X-CSRF-Token`
header equal to the `ecoeco_csrf` cookie (double submit: other sites cannot read it).
Bearer requests are exempt: a browser never attaches that header on its own.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ecoeco.core.errors import CsrfFailed, send_error

ACCESS_COOKIE = "ecoeco_access"
REFRESH_COOKIE = "ecoeco_refresh"
CSRF_COOKIE = "ecoeco_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIES = (ACCESS_COOKIE, REFRESH_COOKIE)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
_API_CSP = API_CSP.encode()
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(header: str) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:  # a malformed Cookie header is no session
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def csrf_problem(
    method: str, headers: dict[str, str], trusted_origins: Iterable[str] = ()
) -> str | None:
    """Why this request fails the CSRF check, or None when it passes or is exempt."""
    if method not in UNSAFE_METHODS:
        return None
    if headers.get("authorization", "").lower().startswith("bearer "):
        return None
    cookies = _cookies(headers.get("cookie", ""))
    if not any(cookies.get(name) for name in SESSION_COOKIES):
        return None
    origin = headers.get("origin")
    if origin and origin != "null":
        parts = urlsplit(origin)
        own = {headers.get("host"), headers.get("x-forwarded-host")} - {None, ""}
        if parts.netloc in own or origin.rstrip("/") in trusted_origins:
            return None
    token, expected = headers.get(CSRF_HEADER, ""), cookies.get(CSRF_COOKIE, "")
    if token and expected and hmac.compare_digest(token, expected):
        return None
    if origin:
        return f"cross-site request from {origin} refused: cookie requests need this origin"
    return "a cookie-authenticated request needs a same-origin Origin or the X-CSRF-Token header"


class BrowserSecurityMiddleware:
    """Refuse cross-site cookie requests (403 `csrf_failed`) and add security headers."""

    def __init__(self, app: ASGIApp, *, trusted_origins: Iterable[str] = ()) -> None:
        self.app = app
        self.trusted_origins = frozenset(o.rstrip("/") for o in trusted_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]  # only an unsafe one is checked: its headers read then
        problem = (
            csrf_problem(method, _headers(scope), self.trusted_origins)
            if method in UNSAFE_METHODS
            else None
        )
        if problem is not None:
            await send_error(
                send,
                CsrfFailed(problem),
                ((b"content-security-policy", _API_CSP), *SECURITY_HEADERS),
            )
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", _API_CSP))
                headers.extend(h for h in SECURITY_HEADERS if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
