"""Through the gateway, a replica's 503 (a shed request) reaches the caller and does not
take that replica out: nginx counts only replicas that cannot answer as failed."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from ecoeco.routing import routed_processes
from tests.gateway import start_gateway
from tests.servers import need


def replica(status: int) -> tuple[ThreadingHTTPServer, Counter[str]]:
    """A stand-in process answering every request with `status`, counting them."""
    seen: Counter[str] = Counter()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            seen["requests"] += 1
            body = b'{"error": {"code": "overloaded", "message": "busy"}}'
            self.send_response(status)
            if status == 503:
                self.send_header("Retry-After", "2")
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


@pytest.fixture
def replicas() -> Iterator[tuple[tuple[ThreadingHTTPServer, Counter[str]], ...]]:
    shedding, healthy = replica(503), replica(200)
    yield shedding, healthy
    for server, _ in (shedding, healthy):
        server.shutdown()


def test_a_shed_request_reaches_the_caller_and_keeps_its_replica_in(
    tmp_path: Path, replicas: tuple[tuple[ThreadingHTTPServer, Counter[str]], ...]
) -> None:
    need("nginx")
    (shedding, shed_seen), (healthy, _) = replicas
    addresses = [f"127.0.0.1:{s.server_address[1]}" for s in (shedding, healthy)]
    gateway = start_gateway(tmp_path / "gateway", {p: addresses for p in routed_processes()})
    try:
        statuses = Counter(
            httpx.get(f"{gateway.url}/api/v1/info/items?q=x", timeout=10).status_code
            for _ in range(20)
        )
    finally:
        gateway.stop()
    # Round robin keeps sending the shedding replica its half, and its 503 comes back.
    assert statuses[503] >= 8, statuses
    assert shed_seen["requests"] >= 8
