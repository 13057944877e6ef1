"""Every Prometheus metric the code exports (documented in docs/metrics.md)."""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

_FAST = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "ecoeco_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
HTTP_DURATION = Histogram(
    "ecoeco_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=_FAST,
)
HTTP_IN_FLIGHT = Gauge(
    "ecoeco_http_requests_in_flight",
    "Requests being served",
    ["service"],
    multiprocess_mode="livesum",
)
OUTBOX_BACKLOG = Gauge(
    "ecoeco_outbox_backlog", "Unpublished outbox rows", ["service"], multiprocess_mode="max"
)
OUTBOX_OLDEST_AGE = Gauge(
    "ecoeco_outbox_oldest_age_seconds",
    "Age of the oldest unpublished outbox row",
    ["service"],
    multiprocess_mode="max",
)
OUTBOX_PUBLISHED = Counter("ecoeco_outbox_published_total", "Outbox rows published", ["service"])
MESSAGES_CONSUMED = Counter("ecoeco_messages_consumed_total", "Messages handled", ["queue"])
MESSAGES_FAILED = Counter("ecoeco_messages_failed_total", "Handler failures", ["queue"])
MESSAGES_DEAD_LETTERED = Counter(
    "ecoeco_messages_dead_lettered_total", "Messages dead-lettered", ["queue"]
)
MESSAGE_HANDLE_DURATION = Histogram(
    "ecoeco_message_handle_duration_seconds", "Time to handle a message", ["queue"], buckets=_FAST
)
PIPELINE_STAGE_DURATION = Histogram(
    "ecoeco_pipeline_stage_duration_seconds",
    "Scan pipeline stage latency",
    ["stage"],
    buckets=_FAST,
)
SCANS = Counter("ecoeco_scans_total", "Scans that reached a final status", ["status"])
MODEL_INFERENCE = Histogram(
    "ecoeco_model_inference_seconds", "One model inference", ["model"], buckets=_FAST
)
CACHE_REQUESTS = Counter("ecoeco_cache_requests_total", "Cache look-ups", ["cache", "result"])
SSE_CONNECTIONS = Gauge(
    "ecoeco_sse_connections", "Open SSE streams", ["service"], multiprocess_mode="livesum"
)
WEBSOCKET_CONNECTIONS = Gauge(
    "ecoeco_websocket_connections", "Open WebSockets", ["service"], multiprocess_mode="livesum"
)
DB_POOL_IN_USE = Gauge(
    "ecoeco_db_pool_in_use", "DB connections checked out", ["service"], multiprocess_mode="livesum"
)
DB_POOL_SIZE = Gauge("ecoeco_db_pool_size", "DB pool size", ["service"], multiprocess_mode="max")
RATE_LIMITED = Counter(
    "ecoeco_rate_limited_total", "Requests refused with 429", ["service", "limit"]
)
CPU_QUEUE_WAIT = Histogram(
    "ecoeco_cpu_queue_wait_seconds",
    "Time CPU-bound work waited for a thread of the CPU pool",
    ["kind"],
    buckets=_FAST,
)
HTTP_SHED = Counter(
    "ecoeco_http_shed_total", "Requests refused by the admission limit (503)", ["service"]
)
SCAN_SHED = Counter(
    "ecoeco_scan_shed_total",
    "New scans refused because the pipeline's backlog is full (503)",
    ["service"],
)
SCAN_BACKLOG = Gauge(
    "ecoeco_scan_backlog",
    "Unfinished scans (every process) at this process's last reading",
    ["service"],
    multiprocess_mode="max",
)
AUTH_LOGINS = Counter("ecoeco_auth_logins_total", "Login attempts", ["provider", "result"])
CHARACTERS_GRANTED = Counter("ecoeco_characters_granted_total", "Characters granted", ["source"])
NEWS_FETCH = Counter("ecoeco_news_fetch_total", "Feed fetches", ["feed", "result"])
RETENTION_PURGED = Counter(
    "ecoeco_retention_purged_total", "Rows deleted after their retention", ["table"]
)
RETENTION_LAST_RUN = Gauge(
    "ecoeco_retention_last_run_timestamp_seconds",
    "When the retention purge last finished",
    ["service"],
    multiprocess_mode="max",
)
ERASURE_REDACTED = Counter(
    "ecoeco_erasure_redacted_total", "Copies of an erased person's data redacted", ["store"]
)
BUILD_INFO = Gauge(
    "ecoeco_build_info", "Version and mode", ["version", "mode"], multiprocess_mode="max"
)


def scrape_registry() -> CollectorRegistry:
    """What a scrape reads: this process, or every worker process in multiprocess mode."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    return REGISTRY


def render() -> tuple[bytes, str]:
    """The metrics page; aggregates every worker process when multiprocess mode is on."""
    return generate_latest(scrape_registry()), CONTENT_TYPE_LATEST
