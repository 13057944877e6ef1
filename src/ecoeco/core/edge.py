"""What every request meets before any endpoint: the edge of the API.

- `Host` must be a trusted host (health probes and in-process calls are exempt).
- A body over its limit is refused with 413 before it is read whole: at once when
  `Content-Length` says so, else as soon as the stream passes the limit.
- A JSON body nested deeper than allowed is a 400; control characters in JSON
  strings, the query or the path are a 422 (PostgreSQL would refuse NUL anyway).
- Every answer says `X-Content-Type-Options: nosniff`; an answer to a request that
  carried credentials says `Cache-Control: no-store`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ecoeco.core.errors import (
    AppError,
    BadRequest,
    PayloadTooLarge,
    ValidationFailed,
    send_error,
)
from ecoeco.core.internal import IN_PROCESS_BASE
from ecoeco.core.settings import CoreSettings
from ecoeco.core.text import CONTROL

EXEMPT_PATHS = frozenset({"/livez", "/readyz"})  # /metrics is on its own port
_ESCAPED_CONTROL = re.compile(rb"\\(?:u00[01][0-9a-fA-F]|[bfr])")
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


@dataclass(frozen=True)
class EdgeLimits:
    """The limits the edge enforces (from `CoreSettings`)."""

    trusted_hosts: tuple[str, ...] = ("*",)
    max_body_bytes: int = 1024 * 1024
    max_multipart_bytes: int = 12 * 1024 * 1024
    max_json_depth: int = 32

    def host_allowed(self, host: str) -> bool:
        """True when a `Host` value (port stripped) is one of the trusted hosts."""
        name = _hostname(host)
        if name is None:
            return False
        for pattern in self.trusted_hosts:
            if pattern == "*" or pattern == name:
                return True
            if pattern.startswith("*.") and name.endswith(pattern[1:]):
                return True
        return False


def _hostname(host: str) -> str | None:
    """The host name of a `Host` header, lower-cased, or None when it is malformed."""
    host = host.strip().lower()
    if host.startswith("["):
        end = host.find("]")
        return host[: end + 1] if end > 0 else None
    name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    if not name or not re.fullmatch(r"[a-z0-9._-]+", name):
        return None
    return name


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """True when arrays/objects nest deeper than `limit` (strings are skipped)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth = 0
    for token in _JSON_TOKEN.finditer(body):
        char = token.group()
        if char in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif char in (b"]", b"}"):
            depth -= 1
    return False


def control_in_json(body: bytes) -> str | None:
    """The location of the first string holding a refused control character, if any."""
    if not _ESCAPED_CONTROL.search(body):  # raw control bytes inside strings are not JSON
        return None
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None  # the endpoint answers 422 for JSON it cannot read
    return _control_at(document, "body")


def _control_at(value: Any, where: str) -> str | None:
    if isinstance(value, str):
        return where if CONTROL.search(value) else None
    if isinstance(value, list):
        items: Iterable[tuple[str, Any]] = ((str(i), v) for i, v in enumerate(value))
    elif isinstance(value, dict):
        for key in value:
            if CONTROL.search(key):
                return f"{where}.<key>"
        items = value.items()
    else:
        return None
    for name, item in items:
        found = _control_at(item, f"{where}.{name}")
        if found is not None:
            return found
    return None


def control_in_target(scope: Scope) -> str | None:
    """Where the path or the query string holds a refused control character, if anywhere."""
    if CONTROL.search(str(scope.get("path", ""))):
        return "path"
    query = scope.get("query_string", b"").decode("latin-1")
    if "%" not in query and not CONTROL.search(query):
        return None
    for name, value in parse_qsl(query, keep_blank_values=True):
        if CONTROL.search(name) or CONTROL.search(value):
            return f"query.{unquote(name)[:40]}"
    return None


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers") or []}


def _has_credentials(headers: dict[bytes, bytes]) -> bool:
    cookie = headers.get(b"cookie", b"")
    return b"authorization" in headers or b"ecoeco_access=" in cookie


def _is_json(content_type: bytes) -> bool:
    kind = content_type.split(b";")[0].strip().lower()
    return kind in (b"", b"application/json") or kind.endswith(b"+json")


class EdgeMiddleware:
    """The checks above, as pure ASGI (streamed answers pass through untouched)."""

    def __init__(self, app: ASGIApp, limits: EdgeLimits, *, internal_hosts: Iterable[str]) -> None:
        self.app = app
        self.limits = limits
        self.internal_hosts = frozenset(h.lower() for h in internal_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        refusal = self._check_target(scope, headers)
        if refusal is not None:
            await self._refuse(scope, send, refusal)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        credentials = _has_credentials(headers)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _secure(message.get("headers", []), no_store=credentials)
            await send(message)

        stream = _Stream()
        try:
            receive = await self._checked_body(headers, receive, stream)
        except AppError as refused:
            await send_error(send_with_headers, refused)
            return
        await stream.run(self.app, scope, receive, send_with_headers)

    def _check_target(self, scope: Scope, headers: dict[bytes, bytes]) -> AppError | None:
        if scope.get("path") not in EXEMPT_PATHS:
            host = headers.get(b"host", b"").decode("latin-1")
            name = _hostname(host)
            if name not in self.internal_hosts and not self.limits.host_allowed(host):
                return BadRequest("this host is not served here")
        where = control_in_target(scope)
        if where is not None:
            return ValidationFailed(f"{where}: control characters are not allowed")
        return None

    async def _refuse(self, scope: Scope, send: Send, error: AppError) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = _secure(message.get("headers", []), no_store=False)
            await send(message)

        await send_error(send_with_headers, error)

    async def _checked_body(
        self, headers: dict[bytes, bytes], receive: Receive, stream: _Stream
    ) -> Receive:
        """A receive that replays a checked JSON body, or counts a multipart stream."""
        content_type = headers.get(b"content-type", b"")
        multipart = content_type.lower().startswith(b"multipart/")
        limit = self.limits.max_multipart_bytes if multipart else self.limits.max_body_bytes
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise PayloadTooLarge(_too_large(limit))
        if multipart:
            return stream.counting(receive, limit)
        body = await _read_body(receive, limit)
        if _is_json(content_type) and body:
            if json_depth_exceeds(body, self.limits.max_json_depth):
                raise BadRequest(f"JSON may nest at most {self.limits.max_json_depth} levels")
            where = control_in_json(body)
            if where is not None:
                raise ValidationFailed(f"{where}: control characters are not allowed")
        return _replay(body, receive)


class _Stream:
    """A streamed body that may pass its limit while the endpoint reads it.

    The endpoint then sees the end of the body, and whatever it answers (a parse error,
    most likely) is replaced by the 413 the client should get.
    """

    def __init__(self) -> None:
        self.refused: PayloadTooLarge | None = None

    def counting(self, receive: Receive, limit: int) -> Receive:
        size = 0

        async def counting() -> Message:
            nonlocal size
            if self.refused is not None:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                size += len(message.get("body", b""))
                if size > limit:
                    self.refused = PayloadTooLarge(_too_large(limit))
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        return counting

    async def run(self, app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
        answered = False

        async def replacing_send(message: Message) -> None:
            nonlocal answered
            if self.refused is None:
                await send(message)
            elif not answered:
                answered = True
                await send_error(send, self.refused)

        try:
            await app(scope, receive, replacing_send)
        except Exception:
            if self.refused is None:
                raise
            if not answered:
                await send_error(send, self.refused)


def _too_large(limit: int) -> str:
    return f"the request body may be at most {limit // 1024} KB"


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(_too_large(limit))
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _secure(headers: Iterable[tuple[bytes, bytes]], *, no_store: bool) -> list[tuple[bytes, bytes]]:
    kept = [
        (k, v)
        for k, v in headers
        if k.lower() != b"x-content-type-options"
        and not (no_store and k.lower() in (b"cache-control", b"expires", b"pragma"))
    ]
    kept.append((b"x-content-type-options", b"nosniff"))
    if no_store:
        kept.append((b"cache-control", b"no-store"))
    return kept


def edge_limits(settings: CoreSettings) -> EdgeLimits:
    """The edge limits a process's settings ask for."""
    return EdgeLimits(
        trusted_hosts=tuple(h.lower() for h in settings.trusted_hosts),
        max_body_bytes=settings.max_body_bytes,
        max_multipart_bytes=settings.max_multipart_bytes,
        max_json_depth=settings.max_json_depth,
    )


def internal_hosts(settings: CoreSettings) -> set[str]:
    """Hosts other services reach this one by: the configured service URLs, in-process."""
    hosts = {urlsplit(IN_PROCESS_BASE).hostname or "in-process"}
    for url in settings.service_urls.values():
        name = urlsplit(url).hostname
        if name:
            hosts.add(name.lower())
    return hosts
