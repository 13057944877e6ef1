"""A TCP proxy between the browser and the server that can cut an SSE stream mid-way.

It forwards bytes untouched (the server sees the browser's own Host and Origin) and
remembers each request line with its Last-Event-ID. Armed, it forwards the first event
of the next `/events` response, holds the rest back until the test says `cut()`, then
closes the connection: a dropped connection, as a phone walking out of Wi-Fi would see
it. (The test cuts once the page shows that event: cutting at once raced the browser,
which then sometimes never read the event and so resumed without Last-Event-ID.)
"""

from __future__ import annotations

import re
import socket
import threading
from dataclasses import dataclass, field

_REQUEST = re.compile(rb"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\S+) HTTP/1\.[01]\r\n", re.M)
_LAST_EVENT_ID = re.compile(rb"^last-event-id: *([^\r\n]*)\r\n", re.M | re.I)


@dataclass
class SeenRequest:
    """A request that went through the proxy."""

    method: str
    path: str
    last_event_id: str | None


@dataclass
class DropProxy:
    """Listen on a free local port and forward every connection to `upstream_port`."""

    upstream_port: int
    requests: list[SeenRequest] = field(default_factory=list)
    drops: int = 0
    _armed: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _release: threading.Event = field(default_factory=threading.Event)

    def start(self) -> DropProxy:
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def stop(self) -> None:
        self._listener.close()

    def drop_next_event_stream(self) -> None:
        """Hold the next SSE response after its first event, until `cut()`."""
        with self._lock:
            self._armed = True
            self._release.clear()

    def cut(self) -> None:
        """Drop the held SSE response's connection now."""
        self._release.set()

    def event_streams(self) -> list[SeenRequest]:
        """The `/events` requests seen so far."""
        return [r for r in self.requests if r.path.endswith("/events")]

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            state = {"path": "", "cut": False}
            threading.Thread(
                target=self._to_server, args=(client, upstream, state), daemon=True
            ).start()
            threading.Thread(
                target=self._to_browser, args=(upstream, client, state), daemon=True
            ).start()

    def _to_server(self, client: socket.socket, upstream: socket.socket, state: dict) -> None:
        try:
            while data := client.recv(65536):
                for match in _REQUEST.finditer(data):
                    path = match.group(2).decode()
                    last = _LAST_EVENT_ID.search(data, match.end())
                    seen = SeenRequest(
                        match.group(1).decode(), path, last.group(1).decode() if last else None
                    )
                    with self._lock:
                        self.requests.append(seen)
                        state["path"] = path
                        state["cut"] = self._armed and path.endswith("/events")
                        if state["cut"]:
                            self._armed = False
                upstream.sendall(data)
        except OSError:
            pass
        finally:
            _close(client, upstream)

    def _to_browser(self, upstream: socket.socket, client: socket.socket, state: dict) -> None:
        try:
            sent = b""
            while data := upstream.recv(65536):
                if not state["cut"]:
                    client.sendall(data)
                    continue
                # Forward up to the end of the first event only, however many events
                # this read holds, then drop the connection.
                sent += data
                start = (b"\n" + sent).find(b"\nid: ")
                end = sent.find(b"\n\n", max(start, 0)) if start >= 0 else -1
                if end < 0:
                    client.sendall(data)
                    continue
                client.sendall(data[: len(data) - (len(sent) - (end + 2))])
                self._release.wait(timeout=60)
                with self._lock:
                    self.drops += 1
                return
        except OSError:
            pass
        finally:
            _close(client, upstream)


def _close(*sockets: socket.socket) -> None:
    for sock in sockets:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()
