"""With an OTLP endpoint configured, request and message spans reach the collector."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from sqlalchemy import select

from ecoeco.composition import Shared, compose
from ecoeco.core.bus.models import InboxRecord
from ecoeco.core.observability.tracing import shutdown_tracing
from ecoeco.core.settings import CoreSettings
from tests.conftest import eventually


class Collector(ThreadingHTTPServer):
    """A fake OTLP/HTTP collector that keeps the span names it receives."""

    spans: list[tuple[str, str]]


class _Handler(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:  # noqa: N802 - the http.server API
        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = ExportTraceServiceRequest.FromString(body)
        for resource_spans in request.resource_spans:
            service = next(
                a.value.string_value
                for a in resource_spans.resource.attributes
                if a.key == "service.name"
            )
            for scope in resource_spans.scope_spans:
                self.server.spans.extend((service, span.name) for span in scope.spans)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector(("127.0.0.1", 0), _Handler)
    server.spans = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


async def test_spans_are_exported(
    collector: Collector, tmp_path: Path, sqlite_template: Path, shared: Shared
) -> None:
    shutil.copy(sqlite_template, tmp_path / "ecoeco.db")
    endpoint = f"http://127.0.0.1:{collector.server_address[1]}"
    settings = CoreSettings(data_dir=tmp_path, env="test", otlp_endpoint=endpoint)
    app = compose(settings, label="traced", shared=shared, scheduled=False)
    container = app.state.container
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                login = await client.post(
                    "/api/v1/auth/dev/login", json={"email": "trace@example.com"}
                )
                assert login.status_code == 200

                async def consumed() -> bool:
                    async with container.db.session() as session:
                        rows = await session.execute(select(InboxRecord))
                        return rows.first() is not None

                await eventually(consumed)
    finally:
        shutdown_tracing()  # flushes what is batched
    names = {name for _, name in collector.spans}
    assert "consume auth.user_registered" in names, names
    assert any("/api/v1/auth/dev/login" in name for name in names), names
    assert {service for service, _ in collector.spans} == {"ecoeco-traced"}
