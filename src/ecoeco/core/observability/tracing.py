"""OpenTelemetry tracing with OTLP/HTTP export, on only when an endpoint is configured."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

from ecoeco import __version__

_provider: TracerProvider | None = None


def setup_tracing(app: FastAPI, service: str, endpoint: str | None) -> TracerProvider | None:
    """Instrument the app and export spans to `endpoint` (an OTLP/HTTP collector)."""
    global _provider
    if not endpoint:
        return None
    provider = TracerProvider(
        resource=Resource.create(
            {"service.name": f"ecoeco-{service}", "service.version": __version__}
        )
    )
    exporter = OTLPSpanExporter(endpoint=f"{endpoint.rstrip('/')}/v1/traces", timeout=5)
    provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=1000))
    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, excluded_urls="livez,readyz,metrics"
    )
    _provider = provider
    return provider


def shutdown_tracing() -> None:
    """Flush and stop the exporter."""
    global _provider
    if _provider is not None:
        _provider.force_flush(5000)
        _provider.shutdown()
        _provider = None


@contextmanager
def message_span(message_type: str, message_id: str, request_id: str | None) -> Iterator[None]:
    """A consumer span for one message, tagged with the request id that caused it."""
    if _provider is None:
        yield
        return
    tracer = _provider.get_tracer("ecoeco.bus")
    attributes = {"messaging.message.id": message_id, "messaging.operation": "process"}
    if request_id:
        attributes["ecoeco.request_id"] = request_id
    with tracer.start_as_current_span(
        f"consume {message_type}", kind=trace.SpanKind.CONSUMER, attributes=attributes
    ):
        yield
