"""A local HTTP/1.1 server that answers fixed bodies by path and counts its connections.

It keeps connections open between requests (keep-alive) as a real server does, and
records which connection served each request, so a test can show that a client
reused one connection rather than opening a new one per call:

    with KeepAliveServer({"/v1/x": Canned(b'{"a": 1}')}) as server:
        ...
        server.connections   # TCP connections accepted so far
        server.open          # of those, still open
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType


@dataclass(frozen=True)
class Canned:
    """One fixed answer."""

    body: bytes
    content_type: str = "application/json"
    status: int = 200


class KeepAliveServer:
    """Serves `routes` (path without query → answer) on 127.0.0.1 over HTTP/1.1."""

    def __init__(self, routes: dict[str, Canned]) -> None:
        self.routes = routes
        self.requests: list[tuple[int, str, str]] = []  # (connection number, method, path)
        self.connections = 0
        self.open = 0
        self.all_closed = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _opened(self) -> int:
        with self._lock:
            self.connections += 1
            self.open += 1
            self.all_closed.clear()
            return self.connections

    def _closed(self) -> None:
        with self._lock:
            self.open -= 1
            if self.open == 0:
                self.all_closed.set()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            number = 0

            def setup(self) -> None:
                super().setup()
                self.number = server._opened()

            def finish(self) -> None:
                try:
                    super().finish()
                finally:
                    server._closed()

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                path = self.path.split("?", 1)[0]
                with server._lock:
                    server.requests.append((self.number, self.command, path))
                canned = server.routes.get(path, Canned(b'{"error": "not found"}', status=404))
                self.send_response(canned.status)
                self.send_header("Content-Type", canned.content_type)
                self.send_header("Content-Length", str(len(canned.body)))
                self.end_headers()
                self.wfile.write(canned.body)

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        return Handler

    def served_by(self, path: str) -> set[int]:
        """The connections that served requests to `path`."""
        with self._lock:
            return {number for number, _, p in self.requests if p == path}

    def __enter__(self) -> KeepAliveServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
