"""docs/metrics.md and the metrics the code registers name the same metrics, types and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from prometheus_client.metrics import MetricWrapperBase

import ecoeco.core.observability.metrics as metrics
from ecoeco.composition import registry

DOC = Path(__file__).resolve().parents[3] / "docs" / "metrics.md"
ROW = re.compile(
    r"^\|\s*`(?P<name>ecoeco_[a-z0-9_]+)`\s*\|\s*(?P<type>\w+)\s*\|(?P<labels>[^|]*)\|"
)
SUFFIX = {"counter": "_total"}  # a counter's family drops `_total`; its samples carry it


@dataclass(frozen=True)
class Documented:
    """One row of the table in docs/metrics.md."""

    name: str
    type: str
    labels: tuple[str, ...]


def documented() -> dict[str, Documented]:
    """The metrics table of docs/metrics.md, by exported name."""
    rows: dict[str, Documented] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found is None:
            continue
        labels = tuple(
            part.strip(" `") for part in found["labels"].split(",") if part.strip(" `-—")
        )
        name = found["name"]
        assert name not in rows, f"{name} is documented twice"
        rows[name] = Documented(name, found["type"], labels)
    return rows


def registered() -> dict[str, str]:
    """Every ecoeco_* metric in the default registry, by exported name, with its type."""
    registry()  # import every service and worker, so a metric declared anywhere is registered
    names: dict[str, str] = {}
    for family in REGISTRY.collect():
        if family.name.startswith("ecoeco_"):
            names[family.name + SUFFIX.get(family.type, "")] = family.type
    return names


def declared() -> dict[str, MetricWrapperBase]:
    """The metric objects of ecoeco.core.observability.metrics, by exported name."""
    found: dict[str, MetricWrapperBase] = {}
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            family = list(value.describe())[0]
            found[family.name + SUFFIX.get(family.type, "")] = value
    return found


def test_the_table_is_parsed() -> None:
    rows = documented()
    assert len(rows) >= 20
    assert rows["ecoeco_http_requests_total"] == Documented(
        "ecoeco_http_requests_total", "counter", ("service", "method", "route", "status")
    )


def test_every_documented_metric_is_registered_with_its_type() -> None:
    code = registered()
    for row in documented().values():
        assert row.name in code, f"{row.name} is in docs/metrics.md but no code registers it"
        assert code[row.name] == row.type, f"{row.name}: documented {row.type}, is {code[row.name]}"


def test_every_registered_metric_is_documented() -> None:
    missing = sorted(set(registered()) - set(documented()))
    assert not missing, f"add these to docs/metrics.md: {missing}"


def test_the_metrics_module_declares_every_documented_metric() -> None:
    assert set(declared()) == set(documented())


@pytest.mark.parametrize("name", sorted(documented()))
def test_documented_labels_are_the_labels(name: str) -> None:
    metric = declared()[name]
    labels = documented()[name].labels
    # A child with exactly the documented label names exists only if they are the labels.
    values = {label: "label-check" for label in labels}
    metric.labels(**values)
    metric.remove(*values.values())
    with pytest.raises(ValueError, match="label"):
        metric.labels(**values, undocumented="x")
