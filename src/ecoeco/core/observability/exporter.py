"""`/metrics` on a port of its own (`ECOECO_METRICS_PORT`), which only Prometheus may reach.

The page is served from a thread of the process that starts the HTTP server, before
uvicorn runs, so there is one per pod however many workers uvicorn forks; in
multiprocess mode it aggregates them all. The public port serves no metrics.
"""

from __future__ import annotations

from prometheus_client import start_http_server

from ecoeco.core.observability import metrics


def serve_metrics(host: str, port: int) -> None:
    """Serve the metrics page on host:port in a daemon thread (raises if the port is taken)."""
    start_http_server(port, addr=host, registry=metrics.scrape_registry())
