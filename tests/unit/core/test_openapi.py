"""The OpenAPI documents clients generate from: every process's, checked the same way."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from openapi_spec_validator import validate

from ecoeco.composition import SERVICES, Shared, compose
from ecoeco.core.security.keys import SigningKey
from ecoeco.core.settings import CoreSettings

ERROR_REF = "#/components/schemas/ErrorResponse"
METHODS = ("get", "post", "put", "patch", "delete")


def _app(tmp_path: Path, names: list[str] | None = None) -> FastAPI:
    settings = CoreSettings(data_dir=tmp_path, env="test")
    return compose(
        settings,
        names,
        label="doc",
        shared=Shared(tmp_path),
        signing_keys=[SigningKey.generate()],
        scheduled=False,
    )


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def _check(document: dict[str, Any]) -> None:
    validate(document)
    ids = [op["operationId"] for _, _, op in _operations(document)]
    assert len(ids) == len(set(ids)), "operation ids must be unique"
    for op_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", op_id), op_id
        assert "_api_v1_" not in op_id, op_id
    schemas = document["components"]["schemas"]
    for name in schemas:
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", name), name
    bodies = {json.dumps({**s, "title": None}, sort_keys=True): n for n, s in schemas.items()}
    assert len(bodies) == len(schemas), "one model, one name (event schemas reuse components)"
    assert "HTTPValidationError" not in str(document)
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert schemes["cookieAuth"]["in"] == "cookie"
    for method, path, operation in _operations(document):
        for status, answer in operation["responses"].items():
            if status.isdigit() and int(status) >= 400:
                schema = answer["content"]["application/json"]["schema"]
                assert schema == {"$ref": ERROR_REF}, (method, path, status)
        if operation.get("security"):
            assert "401" in operation["responses"], (method, path)
        if method != "GET":
            assert "403" in operation["responses"], (method, path)  # the CSRF check


def test_the_embedded_document_is_one_clients_can_generate_from(tmp_path: Path) -> None:
    document = _app(tmp_path).openapi()
    _check(document)
    ops = {op["operationId"]: (m, p, op) for m, p, op in _operations(document)}
    _, _, me = ops["users_get_me"]
    assert me["security"] == [{"bearerAuth": []}, {"cookieAuth": []}]
    assert {"401", "503"} <= set(me["responses"])
    _, _, tips = ops["info_list_tips"]
    assert {} in tips["security"], "an optional login is documented as optional"
    _, _, tip = ops["info_update_tip"]
    assert {"401", "403", "404", "422"} <= set(tip["responses"])
    _, _, login = ops["auth_dev_login"]
    assert "429" in login["responses"]
    assert "Retry-After" in login["responses"]["429"]["headers"]
    assert "security" not in ops["info_search_items"][2]
    error = document["components"]["schemas"]["ErrorResponse"]
    assert error["required"] == ["error"]
    for name in ("ScanCategoryRef", "InfoCategoryRef", "ScanConditionOut", "InfoConditionOut"):
        assert name in document["components"]["schemas"]


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_documents_itself_alone(tmp_path: Path, service: str) -> None:
    document = _app(tmp_path, [service]).openapi()
    _check(document)
    assert document["paths"], service


def test_sse_streams_document_their_events(tmp_path: Path) -> None:
    document = _app(tmp_path).openapi()
    ops = {op["operationId"]: op for _, _, op in _operations(document)}
    for op_id, names in {
        "scan_progress": {"vision", "rule", "answer", "reward", "done", "needs_confirmation"},
        "chat_post_message": {"start", "chunk", "final", "error"},
    }.items():
        stream = ops[op_id]["responses"]["200"]["content"]["text/event-stream"]
        events = {v["properties"]["event"]["const"]: v for v in stream["schema"]["oneOf"]}
        assert names <= set(events), op_id
        for variant in events.values():
            ref = variant["properties"]["data"]["contentSchema"]["$ref"]
            assert ref.rsplit("/", 1)[1] in document["components"]["schemas"]


async def test_docs_and_redoc_are_served_from_the_package(tmp_path: Path) -> None:
    app = _app(tmp_path)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for page in ("/docs", "/redoc"):
            answer = await client.get(page)
            assert answer.status_code == 200
            assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
            sources = re.findall(r'(?:src|href)="([^"]+)"', answer.text)
            assert sources
            assert all(s.startswith("/docs/assets/") for s in sources), sources
            for source in sources:
                asset = await client.get(source)
                assert asset.status_code == 200, source
                assert len(asset.content) > 0
        js = await client.get("/docs/assets/swagger-ui/swagger-ui-bundle.js")
        assert js.headers["content-type"].startswith("text/javascript")
        for escape in ("/docs/assets/../docs.py", "/docs/assets/%2e%2e/docs.py"):
            assert (await client.get(escape)).status_code == 404
        for licence in ("swagger-ui/LICENSE", "redoc/LICENSE"):
            assert (await client.get(f"/docs/assets/{licence}")).status_code == 200
