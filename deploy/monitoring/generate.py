#!/usr/bin/env python3
"""Generate the Grafana dashboards and the PrometheusRule from one source.

    python deploy/monitoring/generate.py          # rewrite the generated files
    python deploy/monitoring/generate.py --check  # fail if they are stale

Rules are written by hand in rules/*.yml (promtool tests them there);
prometheusrule.yaml wraps them for the Prometheus Operator. Dashboards are
built here so the seven service dashboards stay alike. Needs only PyYAML.
"""

# PromQL reads best on one line; print is this CLI's output.
# ruff: noqa: E501, T201

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
SERVICES = ["auth", "users", "scan", "character", "location", "info", "chat"]
WORKERS = ["ai", "storage", "relay"]
STREAMING = 'route!~".*/(events|messages|ws)"'
DS = {"type": "prometheus", "uid": "${datasource}"}

Panel = dict[str, Any]


def ts(title: str, exprs: list[tuple[str, str]], unit: str = "short", w: int = 12) -> Panel:
    """A time-series panel; exprs are (PromQL, legend) pairs."""
    return {
        "type": "timeseries",
        "title": title,
        "datasource": DS,
        "gridPos": {"w": w, "h": 8},
        "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom"}},
        "targets": [
            {"refId": chr(ord("A") + i), "expr": expr, "legendFormat": legend, "datasource": DS}
            for i, (expr, legend) in enumerate(exprs)
        ],
    }


def stat(title: str, expr: str, unit: str = "short", w: int = 6) -> Panel:
    panel = ts(title, [(expr, "")], unit, w)
    panel["type"] = "stat"
    panel["gridPos"]["h"] = 4
    panel["options"] = {"reduceOptions": {"calcs": ["lastNotNull"]}, "colorMode": "value"}
    return panel


def row(title: str) -> Panel:
    return {
        "type": "row",
        "title": title,
        "collapsed": False,
        "panels": [],
        "gridPos": {"w": 24, "h": 1},
    }


def layout(panels: list[Panel]) -> list[Panel]:
    """Place panels left to right, wrapping at 24 columns."""
    x = y = line_height = 0
    for panel_id, panel in enumerate(panels, start=1):
        grid = panel["gridPos"]
        if panel["type"] == "row" or x + grid["w"] > 24:
            x, y = 0, y + line_height
            line_height = 0
        grid["x"], grid["y"] = x, y
        panel["id"] = panel_id
        x += grid["w"]
        line_height = max(line_height, grid["h"])
        if panel["type"] == "row":
            x, y, line_height = 0, y + 1, 0
    return panels


def dashboard(
    uid: str, title: str, panels: list[Panel], variables: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    datasource = {
        "type": "datasource",
        "name": "datasource",
        "label": "Data source",
        "query": "prometheus",
        "current": {},
        "hide": 0,
    }
    return {
        "uid": uid,
        "title": title,
        "tags": ["ecoeco"],
        "timezone": "browser",
        "schemaVersion": 39,
        "version": 1,
        "editable": False,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {"list": [datasource, *(variables or [])]},
        "annotations": {"list": []},
        "panels": layout(panels),
    }


def overview() -> dict[str, Any]:
    return dashboard(
        "ecoeco-overview",
        "EcoEco / Overview",
        [
            stat("Version", "count by (version, mode) (ecoeco_build_info)"),
            stat("Requests/s", "sum(rate(ecoeco_http_requests_total[$__rate_interval]))", "reqps"),
            stat(
                "5xx ratio",
                'sum(rate(ecoeco_http_requests_total{status=~"5.."}[$__rate_interval])) / sum(rate(ecoeco_http_requests_total[$__rate_interval]))',
                "percentunit",
            ),
            stat("Scans/min", "sum(rate(ecoeco_scans_total[$__rate_interval])) * 60"),
            row("APIs"),
            ts(
                "Requests/s by service",
                [
                    (
                        "sum by (service) (rate(ecoeco_http_requests_total[$__rate_interval]))",
                        "{{service}}",
                    )
                ],
                "reqps",
            ),
            ts(
                "5xx ratio by service (SLO 0.5 %)",
                [("ecoeco:http_errors:ratio_rate5m", "{{service}}")],
                "percentunit",
            ),
            ts(
                "p95 latency by service",
                [
                    (
                        f"histogram_quantile(0.95, sum by (le, service) (rate(ecoeco_http_request_duration_seconds_bucket{{{STREAMING}}}[$__rate_interval])))",
                        "{{service}}",
                    )
                ],
                "s",
            ),
            ts(
                "Requests in flight",
                [("sum by (service) (ecoeco_http_requests_in_flight)", "{{service}}")],
            ),
            row("Events"),
            ts(
                "Queue depth (ready)",
                [
                    (
                        'sum by (queue) (rabbitmq_queue_messages_ready{queue=~"ecoeco\\\\..*"})',
                        "{{queue}}",
                    )
                ],
            ),
            ts("Outbox backlog", [("sum by (service) (ecoeco_outbox_backlog)", "{{service}}")]),
            ts(
                "Scans by final status",
                [("sum by (status) (rate(ecoeco_scans_total[$__rate_interval]))", "{{status}}")],
                "ops",
            ),
            ts(
                "Open streams",
                [
                    ("sum(ecoeco_sse_connections)", "SSE"),
                    ("sum(ecoeco_websocket_connections)", "WebSocket"),
                ],
            ),
        ],
    )


def service(name: str) -> dict[str, Any]:
    sel = f'service="{name}"'
    panels = [
        stat(
            "Requests/s",
            f"sum(rate(ecoeco_http_requests_total{{{sel}}}[$__rate_interval]))",
            "reqps",
        ),
        stat("5xx ratio (1h)", f"ecoeco:http_errors:ratio_rate1h{{{sel}}}", "percentunit"),
        stat("Slow ratio (1h, > 500 ms)", f"ecoeco:http_slow:ratio_rate1h{{{sel}}}", "percentunit"),
        stat("Ready pods", f'count(up{{job="ecoeco-{name}"}} == 1)'),
        row("Traffic"),
        ts(
            "Requests/s by route and status",
            [
                (
                    f"sum by (route, status) (rate(ecoeco_http_requests_total{{{sel}}}[$__rate_interval]))",
                    "{{route}} {{status}}",
                )
            ],
            "reqps",
        ),
        ts(
            "Latency by route",
            [
                (
                    f"histogram_quantile(0.5, sum by (le, route) (rate(ecoeco_http_request_duration_seconds_bucket{{{sel}}}[$__rate_interval])))",
                    "p50 {{route}}",
                ),
                (
                    f"histogram_quantile(0.95, sum by (le, route) (rate(ecoeco_http_request_duration_seconds_bucket{{{sel}}}[$__rate_interval])))",
                    "p95 {{route}}",
                ),
                (
                    f"histogram_quantile(0.99, sum by (le, route) (rate(ecoeco_http_request_duration_seconds_bucket{{{sel}}}[$__rate_interval])))",
                    "p99 {{route}}",
                ),
            ],
            "s",
        ),
        ts(
            "Error budget burn (5xx)",
            [
                (f"ecoeco:http_errors:ratio_rate5m{{{sel}}} / 0.005", "5m"),
                (f"ecoeco:http_errors:ratio_rate1h{{{sel}}} / 0.005", "1h"),
                (f"ecoeco:http_errors:ratio_rate6h{{{sel}}} / 0.005", "6h"),
            ],
        ),
        ts(
            "In flight and refused",
            [
                (f"sum(ecoeco_http_requests_in_flight{{{sel}}})", "in flight"),
                (
                    f"sum by (limit) (rate(ecoeco_rate_limited_total{{{sel}}}[$__rate_interval]))",
                    "429 {{limit}}",
                ),
            ],
        ),
        row("Dependencies"),
        ts(
            "DB pool",
            [
                (f"sum(ecoeco_db_pool_in_use{{{sel}}})", "in use"),
                (f"sum(ecoeco_db_pool_size{{{sel}}})", "size"),
            ],
        ),
        ts(
            "Cache hit ratio",
            [
                (
                    f'sum by (cache) (rate(ecoeco_cache_requests_total{{{sel}, result="hit"}}[$__rate_interval])) / sum by (cache) (rate(ecoeco_cache_requests_total{{{sel}}}[$__rate_interval]))',
                    "{{cache}}",
                )
            ],
            "percentunit",
        ),
        ts(
            "Outbox",
            [
                (f"max(ecoeco_outbox_backlog{{{sel}}})", "backlog"),
                (f"max(ecoeco_outbox_oldest_age_seconds{{{sel}}})", "oldest age (s)"),
            ],
        ),
        ts(
            "Open streams",
            [
                (f"sum(ecoeco_sse_connections{{{sel}}})", "SSE"),
                (f"sum(ecoeco_websocket_connections{{{sel}}})", "WebSocket"),
            ],
        ),
        row("Pods"),
        ts(
            "CPU",
            [
                (
                    f'sum by (pod) (rate(container_cpu_usage_seconds_total{{namespace="ecoeco", container="{name}"}}[$__rate_interval]))',
                    "{{pod}}",
                )
            ],
            "cores",
            8,
        ),
        ts(
            "Memory",
            [
                (
                    f'sum by (pod) (container_memory_working_set_bytes{{namespace="ecoeco", container="{name}"}})',
                    "{{pod}}",
                )
            ],
            "bytes",
            8,
        ),
        ts(
            "Restarts",
            [
                (
                    f'sum by (pod) (increase(kube_pod_container_status_restarts_total{{namespace="ecoeco", container="{name}"}}[1h]))',
                    "{{pod}}",
                )
            ],
            "short",
            8,
        ),
    ]
    if name == "auth":
        panels.append(
            ts(
                "Logins by provider and result",
                [
                    (
                        "sum by (provider, result) (rate(ecoeco_auth_logins_total[$__rate_interval]))",
                        "{{provider}} {{result}}",
                    )
                ],
                "ops",
                24,
            )
        )
    if name == "character":
        panels.append(
            ts(
                "Characters granted",
                [
                    (
                        "sum by (source) (rate(ecoeco_characters_granted_total[$__rate_interval]))",
                        "{{source}}",
                    )
                ],
                "ops",
                24,
            )
        )
    if name == "info":
        panels.append(
            ts(
                "News feed fetches",
                [
                    (
                        "sum by (feed, result) (increase(ecoeco_news_fetch_total[1h]))",
                        "{{feed}} {{result}}",
                    )
                ],
                "short",
                24,
            )
        )
    return dashboard(f"ecoeco-service-{name}", f"EcoEco / Service / {name}", panels)


def pipeline() -> dict[str, Any]:
    return dashboard(
        "ecoeco-pipeline",
        "EcoEco / Scan pipeline",
        [
            stat(
                "Scan success ratio (1h)",
                'sum(rate(ecoeco_scans_total{status=~"done|needs_confirmation"}[1h])) / sum(rate(ecoeco_scans_total[1h]))',
                "percentunit",
                8,
            ),
            stat(
                "Needs confirmation (1h)",
                'sum(rate(ecoeco_scans_total{status="needs_confirmation"}[1h])) / sum(rate(ecoeco_scans_total[1h]))',
                "percentunit",
                8,
            ),
            stat(
                "Dead-lettered (24h)",
                "sum(increase(ecoeco_messages_dead_lettered_total[24h]))",
                "short",
                8,
            ),
            row("Scans"),
            ts(
                "Scans by final status",
                [("sum by (status) (rate(ecoeco_scans_total[$__rate_interval]))", "{{status}}")],
                "ops",
            ),
            ts(
                "Stage p95",
                [
                    (
                        "histogram_quantile(0.95, sum by (le, stage) (rate(ecoeco_pipeline_stage_duration_seconds_bucket[$__rate_interval])))",
                        "{{stage}}",
                    )
                ],
                "s",
            ),
            ts(
                "Model inference p50 / p95",
                [
                    (
                        "histogram_quantile(0.5, sum by (le, model) (rate(ecoeco_model_inference_seconds_bucket[$__rate_interval])))",
                        "p50 {{model}}",
                    ),
                    (
                        "histogram_quantile(0.95, sum by (le, model) (rate(ecoeco_model_inference_seconds_bucket[$__rate_interval])))",
                        "p95 {{model}}",
                    ),
                ],
                "s",
            ),
            ts(
                "Stage time share",
                [
                    (
                        "sum by (stage) (rate(ecoeco_pipeline_stage_duration_seconds_sum[$__rate_interval])) / ignoring (stage) group_left sum(rate(ecoeco_pipeline_stage_duration_seconds_sum[$__rate_interval]))",
                        "{{stage}}",
                    )
                ],
                "percentunit",
            ),
            row("Messages"),
            ts(
                "Consumed, failed, dead-lettered",
                [
                    (
                        "sum by (queue) (rate(ecoeco_messages_consumed_total[$__rate_interval]))",
                        "consumed {{queue}}",
                    ),
                    (
                        "sum by (queue) (rate(ecoeco_messages_failed_total[$__rate_interval]))",
                        "failed {{queue}}",
                    ),
                    (
                        "sum by (queue) (rate(ecoeco_messages_dead_lettered_total[$__rate_interval]))",
                        "dead {{queue}}",
                    ),
                ],
                "ops",
            ),
            ts(
                "Handle time p95",
                [
                    (
                        "histogram_quantile(0.95, sum by (le, queue) (rate(ecoeco_message_handle_duration_seconds_bucket[$__rate_interval])))",
                        "{{queue}}",
                    )
                ],
                "s",
            ),
            ts(
                "Queue depth",
                [
                    (
                        'sum by (queue) (rabbitmq_queue_messages_ready{queue=~"ecoeco\\\\..*"})',
                        "ready {{queue}}",
                    ),
                    (
                        'sum by (queue) (rabbitmq_queue_messages_unacked{queue=~"ecoeco\\\\..*"})',
                        "unacked {{queue}}",
                    ),
                ],
            ),
            ts(
                "Consumers per queue",
                [
                    (
                        'sum by (queue) (rabbitmq_queue_consumers{queue=~"ecoeco\\\\..*"})',
                        "{{queue}}",
                    )
                ],
            ),
            row("Outbox and workers"),
            ts(
                "Outbox backlog and age",
                [
                    ("max by (service) (ecoeco_outbox_backlog)", "backlog {{service}}"),
                    ("max by (service) (ecoeco_outbox_oldest_age_seconds)", "age {{service}}"),
                ],
            ),
            ts(
                "Outbox published/s",
                [
                    (
                        "sum by (service) (rate(ecoeco_outbox_published_total[$__rate_interval]))",
                        "{{service}}",
                    )
                ],
                "ops",
            ),
            ts(
                "Worker replicas",
                [(f'count by (job) (up{{job=~"ecoeco-({"|".join(WORKERS)})"}} == 1)', "{{job}}")],
            ),
            ts(
                "Worker CPU",
                [
                    (
                        f'sum by (container) (rate(container_cpu_usage_seconds_total{{namespace="ecoeco", container=~"{"|".join(WORKERS)}"}}[$__rate_interval]))',
                        "{{container}}",
                    )
                ],
                "cores",
            ),
        ],
    )


def infrastructure() -> dict[str, Any]:
    return dashboard(
        "ecoeco-infrastructure",
        "EcoEco / Infrastructure",
        [
            row("Nodes"),
            ts(
                "CPU busy by node",
                [
                    (
                        '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[$__rate_interval]))',
                        "{{instance}}",
                    )
                ],
                "percentunit",
                8,
            ),
            ts(
                "Memory used by node",
                [
                    (
                        "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
                        "{{instance}}",
                    )
                ],
                "percentunit",
                8,
            ),
            ts(
                "Root filesystem used",
                [
                    (
                        '1 - node_filesystem_avail_bytes{mountpoint="/"} / node_filesystem_size_bytes{mountpoint="/"}',
                        "{{instance}}",
                    )
                ],
                "percentunit",
                8,
            ),
            ts("Load (1m)", [("node_load1", "{{instance}}")], "short", 8),
            ts(
                "Network",
                [
                    (
                        "sum by (instance) (rate(node_network_receive_bytes_total[$__rate_interval]))",
                        "rx {{instance}}",
                    ),
                    (
                        "sum by (instance) (rate(node_network_transmit_bytes_total[$__rate_interval]))",
                        "tx {{instance}}",
                    ),
                ],
                "Bps",
                8,
            ),
            ts(
                "Node conditions",
                [
                    (
                        'sum by (condition) (kube_node_status_condition{status="true"})',
                        "{{condition}}",
                    )
                ],
                "short",
                8,
            ),
            row("PostgreSQL"),
            stat("Up", "min(pg_up)"),
            stat(
                "Connections / max",
                "sum(pg_stat_activity_count) / max(pg_settings_max_connections)",
                "percentunit",
            ),
            stat(
                "Last backup age",
                'time() - max(kube_cronjob_status_last_successful_time{cronjob="postgres-backup"})',
                "s",
            ),
            stat("Database size", "sum(pg_database_size_bytes)", "bytes"),
            ts(
                "Transactions/s",
                [
                    (
                        "sum by (datname) (rate(pg_stat_database_xact_commit[$__rate_interval]))",
                        "commit {{datname}}",
                    ),
                    (
                        "sum by (datname) (rate(pg_stat_database_xact_rollback[$__rate_interval]))",
                        "rollback {{datname}}",
                    ),
                ],
                "ops",
            ),
            ts("Connections by state", [("sum by (state) (pg_stat_activity_count)", "{{state}}")]),
            row("Redis"),
            ts(
                "Memory",
                [("redis_memory_used_bytes", "used"), ("redis_memory_max_bytes", "max")],
                "bytes",
                8,
            ),
            ts(
                "Clients and commands",
                [
                    ("redis_connected_clients", "clients"),
                    ("rate(redis_commands_processed_total[$__rate_interval])", "commands/s"),
                ],
                "short",
                8,
            ),
            ts(
                "Keyspace hit ratio",
                [
                    (
                        "rate(redis_keyspace_hits_total[$__rate_interval]) / (rate(redis_keyspace_hits_total[$__rate_interval]) + rate(redis_keyspace_misses_total[$__rate_interval]))",
                        "hit ratio",
                    )
                ],
                "percentunit",
                8,
            ),
            row("RabbitMQ"),
            ts(
                "Messages by queue",
                [("sum by (queue) (rabbitmq_queue_messages)", "{{queue}}")],
                "short",
                8,
            ),
            ts(
                "Memory",
                [
                    ("sum(rabbitmq_process_resident_memory_bytes)", "resident"),
                    ("sum(rabbitmq_resident_memory_limit_bytes)", "limit"),
                ],
                "bytes",
                8,
            ),
            ts(
                "Connections and alarms",
                [
                    ("sum(rabbitmq_connections)", "connections"),
                    ("max(rabbitmq_alarms_memory_used_watermark)", "memory alarm"),
                    ("max(rabbitmq_alarms_free_disk_space_watermark)", "disk alarm"),
                ],
                "short",
                8,
            ),
            row("Storage and certificates"),
            ts(
                "Volume used",
                [
                    (
                        '1 - kubelet_volume_stats_available_bytes{namespace="ecoeco"} / kubelet_volume_stats_capacity_bytes{namespace="ecoeco"}',
                        "{{persistentvolumeclaim}}",
                    )
                ],
                "percentunit",
            ),
            ts(
                "StatefulSets ready",
                [
                    (
                        'kube_statefulset_status_replicas_ready{namespace="ecoeco"} / kube_statefulset_replicas{namespace="ecoeco"}',
                        "{{statefulset}}",
                    )
                ],
                "percentunit",
            ),
            ts(
                "Certificate days left",
                [("(probe_ssl_earliest_cert_expiry - time()) / 86400", "{{instance}}")],
                "d",
            ),
            ts("Endpoint probes", [("probe_success", "{{instance}}")], "short"),
        ],
    )


def prometheus_rule() -> dict[str, Any]:
    groups = []
    for path in sorted((HERE / "rules").glob("*.yml")):
        groups.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["groups"])
    return {
        "apiVersion": "monitoring.coreos.com/v1",
        "kind": "PrometheusRule",
        "metadata": {
            "name": "ecoeco",
            "labels": {"app.kubernetes.io/part-of": "ecoeco", "release": "kube-prometheus-stack"},
        },
        "spec": {"groups": groups},
    }


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def outputs() -> dict[Path, str]:
    boards = {"overview": overview(), "pipeline": pipeline(), "infrastructure": infrastructure()}
    boards.update({f"service-{name}": service(name) for name in SERVICES})
    files = {
        HERE / "dashboards" / f"{name}.json": json.dumps(board, indent=2, ensure_ascii=False) + "\n"
        for name, board in boards.items()
    }
    header = "# Generated by deploy/monitoring/generate.py from rules/*.yml. Do not edit.\n"
    files[HERE / "prometheusrule.yaml"] = header + yaml.dump(
        prometheus_rule(), Dumper=_Dumper, sort_keys=False, width=1000, allow_unicode=True
    )
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a generated file is stale")
    args = parser.parse_args()
    stale = []
    for path, text in outputs().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        if args.check:
            stale.append(path.relative_to(HERE))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(HERE)}")
    if stale:
        print("stale generated files (run deploy/monitoring/generate.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
