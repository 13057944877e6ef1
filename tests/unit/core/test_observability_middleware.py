"""The access metrics count each request under its route template and status, and every
response carries an X-Request-ID: the caller's when it is a loggable one, else a new one."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY

from ecoeco.composition import build_app
from ecoeco.core.observability import metrics
from ecoeco.core.settings import CoreSettings

Served = tuple[httpx.AsyncClient, str]  # a client of the app, and its service label


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    app = build_app(CoreSettings(data_dir=tmp_path, env="test"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client, app.state.container.label


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def _counts(service: str) -> dict[tuple[str, str, str], float]:
    cases = [("GET", "/livez", "200"), ("GET", "unmatched", "404"), ("POST", "/livez", "405")]
    return {
        (method, route, status): _value(
            "ecoeco_http_requests_total",
            service=service,
            method=method,
            route=route,
            status=status,
        )
        for method, route, status in cases
    }


async def test_each_route_and_status_is_counted_and_timed(served: Served) -> None:
    client, service = served
    timed = {"service": service, "method": "GET", "route": "/livez"}
    before, timed_before = (
        _counts(service),
        _value("ecoeco_http_request_duration_seconds_count", **timed),
    )
    for _ in range(3):
        assert (await client.get("/livez")).status_code == 200
    assert (await client.get("/nowhere")).status_code == 404
    assert (await client.post("/livez")).status_code == 405
    assert (await client.get("/livez")).status_code == 200
    after = _counts(service)
    assert {key: after[key] - before[key] for key in after} == {
        ("GET", "/livez", "200"): 4,
        ("GET", "unmatched", "404"): 1,
        ("POST", "/livez", "405"): 1,
    }
    timed_after = _value("ecoeco_http_request_duration_seconds_count", **timed)
    assert timed_after - timed_before == 4


async def test_a_route_seen_before_takes_its_metrics_children_without_labels(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = served
    await client.get("/livez")
    calls: list[tuple[Any, ...]] = []
    for metric in (metrics.HTTP_REQUESTS, metrics.HTTP_DURATION, metrics.HTTP_IN_FLIGHT):
        labels = metric.labels

        def counting(*values: str, labels: Any = labels) -> Any:
            calls.append(values)
            return labels(*values)

        monkeypatch.setattr(metric, "labels", counting)
    for _ in range(3):
        await client.get("/livez")
    assert calls == []
    await client.get("/nowhere")  # a new (route, status): its children are made once
    await client.get("/nowhere")
    assert len(calls) == 2


async def test_a_loggable_request_id_is_kept_and_any_other_replaced(served: Served) -> None:
    client, _ = served
    kept = await client.get("/livez", headers={"x-request-id": "edge-42.a_b"})
    assert kept.headers.get_list("x-request-id") == ["edge-42.a_b"]
    for sent in ({"x-request-id": "no spaces allowed"}, {}):
        made = (await client.get("/livez", headers=sent)).headers.get_list("x-request-id")
        assert len(made) == 1
        assert re.fullmatch(r"[0-9a-f]{32}", made[0]), made


def _series(service: str) -> set[tuple[str, str, str, str]]:
    """(metric, method, route, status) of each request counter and timer series of
    `service` (a timer has no status)."""
    return {
        (family.name, s.labels["method"], s.labels["route"], s.labels.get("status", ""))
        for metric in (metrics.HTTP_REQUESTS, metrics.HTTP_DURATION)
        for family in metric.collect()
        for s in family.samples
        if s.labels.get("service") == service
    }


async def test_a_method_http_does_not_define_is_counted_as_other(served: Served) -> None:
    """A method is any token a client sends (uvicorn's h11 protocol hands each one to the
    app): one label for all of them, or every new one would add series (and a cached
    pair of children) for as long as the process runs."""
    client, service = served

    def as_other(route: str, status: str) -> float:
        labels = {"service": service, "method": "other", "route": route, "status": status}
        return _value("ecoeco_http_requests_total", **labels)

    odd = [f"ODD{n}" for n in range(300)]
    before, counted = _series(service), (as_other("/livez", "405"), as_other("unmatched", "404"))
    for method in odd:
        assert (await client.request(method, "/livez")).status_code == 405
        assert (await client.request(method, "/nowhere")).status_code == 404
    added = _series(service) - before
    assert {method for _, method, _, _ in added} <= {"other"}, sorted(added)[:5]
    now = (as_other("/livez", "405"), as_other("unmatched", "404"))
    assert [n - was for n, was in zip(now, counted, strict=True)] == [len(odd), len(odd)]
    # The methods HTTP defines keep their own names.
    await client.request("PATCH", "/livez")
    assert ("ecoeco_http_requests", "PATCH", "/livez", "405") in _series(service)
