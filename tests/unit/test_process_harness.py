"""The harness that starts real processes: ports never handed out twice, no borrowed readiness."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
from prometheus_client import CollectorRegistry, start_http_server

from tests.processes import _answers_as_ecoeco, free_port


def test_free_port_never_hands_out_a_port_twice() -> None:
    # The kernel may well offer a released port again; the harness must not.
    ports = [free_port() for _ in range(300)]
    assert len(set(ports)) == len(ports)


def test_free_port_is_safe_from_several_threads() -> None:
    picked: list[int] = []

    def pick() -> None:
        picked.extend(free_port() for _ in range(50))

    threads = [threading.Thread(target=pick) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(picked)) == len(picked) == 300


def test_a_metrics_page_on_the_port_does_not_pass_for_ready() -> None:
    # A metrics server answers 200 to every path, /readyz included: were a process's port
    # taken by a neighbour's metrics page, the probe must not call that process ready.
    port = free_port()
    server, thread = start_http_server(port, addr="127.0.0.1", registry=CollectorRegistry())
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
        assert answer.status_code == 200
        assert not _answers_as_ecoeco(answer)
    finally:
        server.shutdown()
        thread.join(5)


class _NotReady(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        body = b'{"status": "unavailable", "checks": {"database": "error: OSError"}}'
        self.send_response(200)  # even a 200 must say it is ready
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def test_only_our_own_ready_answer_counts() -> None:
    server = HTTPServer(("127.0.0.1", 0), _NotReady)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/readyz"
        assert not _answers_as_ecoeco(httpx.get(url, timeout=5))
    finally:
        server.shutdown()
        server.server_close()
    ready = httpx.Response(200, json={"status": "ok", "checks": {"database": "ok"}})
    assert _answers_as_ecoeco(ready)
