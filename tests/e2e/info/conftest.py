"""A local HTTP server that serves RSS/Atom feeds (with ETag/Last-Modified) to the collector."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

FIXTURES = Path(__file__).parents[2] / "fixtures" / "feeds"


@dataclass
class Document:
    """One path the server answers, and which validators it sends."""

    body: bytes
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: bool = True
    last_modified: str | None = None
    status: int = 200
    location: str | None = None


@dataclass
class FeedServer:
    """Documents by path, and every request seen (path and conditional headers)."""

    base: str = ""
    documents: dict[str, Document] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        """The absolute URL of a path on this server."""
        return f"{self.base}{path}"

    def serve_fixture(self, path: str, name: str, content_type: str, **options: object) -> str:
        """Serve a file from tests/fixtures/feeds at `path`."""
        body = (FIXTURES / name).read_bytes()
        self.documents[path] = Document(body, content_type, **options)  # type: ignore[arg-type]
        return self.url(path)

    def seen(self, path: str) -> list[dict[str, str]]:
        """Headers of every request for `path`."""
        return [headers for p, headers in self.requests if p == path]


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.requests.append((self.path, headers))
            if self.path == "/hang.xml":
                server.release.wait(10)
                return
            doc = server.documents.get(self.path)
            if doc is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            etag = f'"{hashlib.sha1(doc.body).hexdigest()}"' if doc.etag else None
            fresh = (etag is not None and headers.get("if-none-match") == etag) or (
                doc.last_modified is not None
                and headers.get("if-modified-since") == doc.last_modified
            )
            self.send_response(304 if fresh else doc.status)
            if etag:
                self.send_header("ETag", etag)
            if doc.last_modified:
                self.send_header("Last-Modified", doc.last_modified)
            if doc.location:
                self.send_header("Location", doc.location)
            body = b"" if fresh else doc.body
            self.send_header("Content-Type", doc.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            return None

    return Handler


LOOPBACK_FEEDS = '["127.0.0.1/32"]'


@pytest.fixture
def feed_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    """A feed server on a free loopback port, stopped after the test.

    The collector reaches public addresses only; the test opts into loopback.
    """
    monkeypatch.setenv("ECOECO_INFO_FEED_ALLOWED_NETWORKS", LOOPBACK_FEEDS)
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release.set()
    httpd.shutdown()
    httpd.server_close()


@dataclass(frozen=True)
class Entry:
    """An RSS item the tests generate."""

    slug: str
    title: str
    published: datetime


def rss(entries: list[Entry], host: str = "https://generated.example.com") -> bytes:
    """An RSS 2.0 document with these entries."""
    items = "".join(
        f"<item><title>{escape(e.title)}</title><link>{host}/a/{e.slug}</link>"
        f"<description>{escape(e.title)}</description>"
        f"<pubDate>{format_datetime(e.published)}</pubDate></item>"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>generated</title><link>{host}</link><description>d</description>"
        f"{items}</channel></rss>"
    ).encode()


def entries(count: int, *, start: datetime, prefix: str, step_minutes: int = 10) -> list[Entry]:
    """`count` entries going back in time from `start`; every third pair shares a minute."""
    out = []
    for n in range(count):
        published = start - timedelta(minutes=step_minutes * (n - n % 3 // 2))
        out.append(Entry(f"{prefix}-{n}", f"{prefix} 기사 {n}", published))
    return out


BASE_TIME = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
