"""Alert rules and dashboards use only metrics that something really exports.

Every metric name in a rule expression or a dashboard query must be one the
code exports (the table in docs/metrics.md), a standard exporter metric on
deploy/monitoring/exporter-metrics-allowlist.txt, or a recording rule defined
in deploy/monitoring/rules/. Needs only pytest and PyYAML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MONITORING = ROOT / "deploy" / "monitoring"
RULES_DIR = MONITORING / "rules"
TESTS_DIR = MONITORING / "tests"
DASHBOARDS_DIR = MONITORING / "dashboards"
METRICS_DOC = ROOT / "docs" / "metrics.md"
ALLOWLIST = MONITORING / "exporter-metrics-allowlist.txt"
TROUBLESHOOTING = ROOT / "docs" / "troubleshooting.md"

HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
PROMQL_KEYWORDS = {
    "and",
    "or",
    "unless",
    "by",
    "without",
    "on",
    "ignoring",
    "group_left",
    "group_right",
    "offset",
    "bool",
    "inf",
    "nan",
    "atan2",
    "start",
    "end",
}
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`')
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_GRAFANA_VAR = re.compile(r"\$\{[^}]*\}|\$\w+|\[\[\w+\]\]")
_IDENT = re.compile(r"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b(?!\s*\()")
_LABEL_VALUES = re.compile(r"^\s*label_values\(\s*(?:([a-zA-Z_:][\w:]*)\s*(?:\{[^}]*\})?\s*,)?")


def metric_names(expr: str) -> set[str]:
    """Return the metric names a PromQL expression selects."""
    text = _GRAFANA_VAR.sub("1", expr)
    text = _STRING.sub('""', text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = _GROUPING.sub(" ", text)
    return {name for name in _IDENT.findall(text) if name.lower() not in PROMQL_KEYWORDS}


def exported_metrics() -> dict[str, str]:
    """Map each metric in docs/metrics.md's table to its type."""
    table: dict[str, str] = {}
    for line in METRICS_DOC.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\|\s*`([a-zA-Z_:][\w:]*)`\s*\|\s*(\w+)\s*\|", line)
        if match:
            table[match.group(1)] = match.group(2)
    return table


def allowlisted() -> set[str]:
    lines = ALLOWLIST.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def rule_files() -> list[Path]:
    return sorted(RULES_DIR.glob("*.yml"))


def all_rules() -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in rule_files():
        for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]:
            for rule in group["rules"]:
                yield path, rule


def recorded_names() -> set[str]:
    return {rule["record"] for _, rule in all_rules() if "record" in rule}


def alerts() -> list[dict[str, Any]]:
    return [rule for _, rule in all_rules() if "alert" in rule]


def _panel_queries(panels: list[dict[str, Any]]) -> Iterator[str]:
    for panel in panels:
        for target in panel.get("targets", []):
            if target.get("expr"):
                yield target["expr"]
        yield from _panel_queries(panel.get("panels", []))


def dashboard_queries(path: Path) -> Iterator[str]:
    """Yield every PromQL query of a dashboard, template queries included."""
    board = json.loads(path.read_text(encoding="utf-8"))
    yield from _panel_queries(board.get("panels", []))
    for variable in board.get("templating", {}).get("list", []):
        if variable.get("type") != "query":
            continue
        query = variable.get("query")
        if isinstance(query, dict):
            query = query.get("query", "")
        if not query:
            continue
        label_values = _LABEL_VALUES.match(query)
        if label_values:
            if label_values.group(1):
                yield label_values.group(1)
        else:
            yield query


def dashboards() -> list[Path]:
    return sorted(DASHBOARDS_DIR.glob("*.json"))


def unknown_names(names: set[str]) -> set[str]:
    exported = exported_metrics()
    allowed = allowlisted() | recorded_names()
    unknown = set()
    for name in names:
        if name in exported or name in allowed:
            continue
        base = next((name[: -len(s)] for s in HISTOGRAM_SUFFIXES if name.endswith(s)), None)
        if base is not None and exported.get(base) == "histogram":
            continue
        unknown.add(name)
    return unknown


def test_extractor_understands_promql() -> None:
    expr = (
        "histogram_quantile(0.95, sum by (le, model) (rate(ecoeco_model_inference_seconds_bucket"
        '{model=~"vision|text", job="$job"}[$__rate_interval]))) > 1 and on (model) '
        "time() - up offset 5m unless ecoeco:http_errors:ratio_rate5m > 14.4 * 0.005"
    )
    assert metric_names(expr) == {
        "ecoeco_model_inference_seconds_bucket",
        "up",
        "ecoeco:http_errors:ratio_rate5m",
    }


def test_metrics_doc_and_allowlist_are_readable() -> None:
    assert len(exported_metrics()) >= 20
    assert "up" in allowlisted()
    assert not allowlisted() & set(exported_metrics()), "allow-list repeats an exported metric"


@pytest.mark.parametrize("path", rule_files(), ids=lambda p: p.name)
def test_rule_metrics_are_exported(path: Path) -> None:
    names: set[str] = set()
    for group in yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]:
        for rule in group["rules"]:
            names |= metric_names(rule["expr"])
    assert names, f"{path.name} selects no metric"
    assert not unknown_names(names), f"{path.name} uses metrics nobody exports"


@pytest.mark.parametrize("path", dashboards(), ids=lambda p: p.name)
def test_dashboard_metrics_are_exported(path: Path) -> None:
    names: set[str] = set()
    for query in dashboard_queries(path):
        names |= metric_names(query)
    assert names, f"{path.name} queries no metric"
    assert not unknown_names(names), f"{path.name} uses metrics nobody exports"


def test_dashboards_cover_overview_services_pipeline_infrastructure() -> None:
    names = {path.stem for path in dashboards()}
    services = {"auth", "users", "scan", "character", "location", "info", "chat"}
    expected = {"overview", "pipeline", "infrastructure"} | {f"service-{s}" for s in services}
    assert expected <= names


def test_enough_alerts_each_with_a_runbook() -> None:
    rules = alerts()
    assert len(rules) >= 26
    assert len({rule["alert"] for rule in rules}) == len(rules), "alert names repeat"
    for rule in rules:
        annotations = rule.get("annotations", {})
        assert annotations.get("runbook"), f"{rule['alert']} has no runbook"
        assert annotations.get("summary"), f"{rule['alert']} has no summary"
        assert rule.get("labels", {}).get("severity") in {"critical", "warning", "info"}


def test_runbooks_point_at_existing_sections() -> None:
    text = TROUBLESHOOTING.read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', text))
    for rule in alerts():
        runbook = rule["annotations"]["runbook"]
        path, _, anchor = runbook.partition("#")
        assert path == "docs/troubleshooting.md", rule["alert"]
        assert anchor in anchors, f"{rule['alert']}: no section #{anchor} in {path}"


def test_every_alert_has_a_promtool_test() -> None:
    tested: set[str] = set()
    for path in TESTS_DIR.glob("*.test.yml"):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["tests"]:
            for check in case.get("alert_rule_test", []):
                if check.get("exp_alerts"):
                    tested.add(check["alertname"])
    missing = {rule["alert"] for rule in alerts()} - tested
    assert not missing, f"alerts without a firing promtool test: {sorted(missing)}"
