"""The OpenAPI document clients generate from: readable ids, real errors, auth, unique names.

FastAPI's defaults advertise `{"detail": ...}` on 422 (we answer `{"error": ...}`), leave
401/403/404/429/503 undocumented, name operations after their URL and leak module paths
into schema names. This module fixes all of it in one place, from what each route
declares (its dependencies, its path parameters, its `responses`), so endpoint files
stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel

from ecoeco.core import deps
from ecoeco.core.admission import EXEMPT_PATHS
from ecoeco.core.schemas import ErrorResponse

ERROR_REF = "#/components/schemas/ErrorResponse"
BEARER = "bearerAuth"
COOKIE = "cookieAuth"
ACCESS_COOKIE = "ecoeco_access"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

ERROR_DESCRIPTIONS = {
    400: "Malformed request (for example a tampered cursor)",
    401: "No valid access token (missing, expired, revoked or forged)",
    403: "Not allowed: a missing scope, or a cookie request without a same-origin "
    "`Origin` or `X-CSRF-Token` header",
    404: "Not found, or not yours to see",
    409: "Conflicts with the current state",
    413: "The body is larger than allowed",
    415: "The content type is not accepted",
    422: "The input failed validation; `details` lists each field",
    429: "Too many requests; retry after `Retry-After` seconds",
    503: "The server is past its admission limit (`overloaded`) or a backing service is "
    "unavailable; retry after `Retry-After` seconds",
}
_HEADERS = {
    401: {"WWW-Authenticate": "Bearer"},
    429: {"Retry-After": "seconds to wait"},
    503: {"Retry-After": "seconds to wait"},
}

RATE_LIMITED: dict[int | str, dict[str, Any]] = {429: {"description": ERROR_DESCRIPTIONS[429]}}
"""`responses=RATE_LIMITED` on a route documents its 429."""


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=errors(409, 413)`: error answers a route gives beyond what is inferred."""
    return {status: {"description": ERROR_DESCRIPTIONS.get(status, "Error")} for status in statuses}


def operation_id(route: APIRoute) -> str:
    """A stable, readable operation id: the function name, prefixed by its tag if absent.

    `get_scan` stays `get_scan`; `health` of the scan service becomes `scan_health`.
    """
    tag = str(route.tags[0]) if route.tags else ""
    name = route.name
    if not tag or tag == "operations" or tag in name:
        return name
    return f"{tag}_{name}"


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)


def event_stream(
    description: str, events: dict[str, type[BaseModel]]
) -> dict[int | str, dict[str, Any]]:
    """`responses=event_stream(...)`: a 200 `text/event-stream` whose events are documented.

    The media type's `schema` describes one event, as OpenAPI 3.2's `itemSchema` does and
    as Schemathesis reads it: `event` is one of the names, `data` is JSON of the named
    model (listed in `components.schemas`).
    """
    defs: dict[str, Any] = {}
    variants = []
    for name, model in events.items():
        schema = model.model_json_schema(
            ref_template="#/components/schemas/{model}", mode="serialization"
        )
        defs.update(schema.pop("$defs", {}))
        defs[model.__name__] = schema
        variants.append(
            {
                "title": name,
                "type": "object",
                "required": ["event", "data"],
                "properties": {
                    "event": {"const": name},
                    "id": {"type": "string"},
                    "data": {
                        "type": "string",
                        "contentMediaType": "application/json",
                        "contentSchema": {"$ref": f"#/components/schemas/{model.__name__}"},
                    },
                },
            }
        )
    stream = {"schema": {"oneOf": variants}, "x-schemas": defs}
    return {200: {"description": description, "content": {"text/event-stream": stream}}}


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {str(v).rpartition("/")[2] for k, v in node.items() if k == "$ref"}
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def _untitled(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key != "title"}


def _collect_stream_schemas(document: dict[str, Any]) -> None:
    """Add the event models to the components, reusing a component FastAPI already made
    for the same model (same schema), so one model never has two names."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    pending: dict[str, Any] = {}
    streams: list[dict[str, Any]] = []
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for answer in operation.get("responses", {}).values():
                for media in answer.get("content", {}).values():
                    if "x-schemas" in media:
                        pending.update(media.pop("x-schemas"))
                        streams.append(media)
    renames: dict[str, str] = {}
    while pending:  # leaves first: a schema is compared once the ones it uses are named
        ready = [n for n, s in pending.items() if _refs(s) <= set(renames)] or list(pending)
        for name in ready:
            schema = _rename_refs(pending.pop(name), renames)
            same = next((n for n, s in schemas.items() if _untitled(s) == _untitled(schema)), None)
            target = same or (name if name not in schemas else f"{name}Event")
            schemas.setdefault(target, schema)
            renames[name] = target
    for media in streams:
        media["schema"] = _rename_refs(media["schema"], renames)


NO_CONTROL = "^[^\\u0000-\\u0008\\u000b-\\u001f]*$"
"""The edge refuses C0 control characters (but tab and newline) in paths, queries and JSON."""
_NON_BLANK = (
    "^[^\\u0000-\\u0008\\u000b-\\u001f]*[^\\s\\u0000-\\u001f][^\\u0000-\\u0008\\u000b-\\u001f]*$"
)


def _no_control(schema: dict[str, Any]) -> None:
    """Declare the edge's rule on a string schema (and on the strings of a union)."""
    for option in schema.get("anyOf", []):
        _no_control(option)
    if schema.get("type") != "string" or "format" in schema:
        return
    if schema.get("pattern") == "\\S":  # "says something": one visible character at least
        schema["pattern"] = _NON_BLANK
    elif "pattern" not in schema:
        schema["pattern"] = NO_CONTROL


def _visible_ascii(schema: dict[str, Any]) -> None:
    """Header values are visible ASCII: other bytes do not survive HTTP's latin-1 headers
    unchanged (and the lengths the API checks are of what arrives)."""
    for option in schema.get("anyOf", []):
        _visible_ascii(option)
    if schema.get("type") == "string" and "pattern" not in schema:
        schema["pattern"] = "^[\\x20-\\x7e]*$"


def _request_schemas(document: dict[str, Any]) -> set[str]:
    """Components only requests use (so declaring request rules on them is safe)."""
    requests: set[str] = set()
    responses: set[str] = set()
    schemas = document.get("components", {}).get("schemas", {})

    def reach(node: Any, into: set[str]) -> None:
        for name in _refs(node) - into:
            into.add(name)
            reach(schemas.get(name, {}), into)

    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            reach(operation.get("requestBody", {}), requests)
            reach(operation.get("responses", {}), responses)
    return requests - responses


def _declare_edge_rules(document: dict[str, Any]) -> None:
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in ("path", "query"):
                    _no_control(parameter.get("schema", {}))
                elif parameter.get("in") == "header":
                    _visible_ascii(parameter.get("schema", {}))
    schemas = document.get("components", {}).get("schemas", {})
    for name in _request_schemas(document):
        for prop in schemas.get(name, {}).get("properties", {}).values():
            _no_control(prop)


def _route_errors(route: APIRoute, method: str) -> tuple[set[int], str | None]:
    """The error statuses a route can answer, and how it authenticates."""
    calls = set(_calls(route.dependant))
    statuses: set[int] = set()
    auth: str | None = None
    if deps.current_user in calls or deps.admin_user in calls:
        auth = "required"
    elif deps.optional_user in calls:
        auth = "optional"
    if auth is not None:
        statuses.add(401)
    if method in UNSAFE_METHODS:
        statuses.add(403)  # the CSRF check on requests that carry the session cookie
    if deps.admin_user in calls:
        statuses.add(403)
    if route.dependant.path_params:
        statuses.add(404)
    params = route.dependant
    if params.query_params or params.header_params or params.path_params or params.body_params:
        statuses.add(422)
    if params.body_params or any(p.name == "cursor" for p in params.query_params):
        statuses.add(400)  # a body that is not JSON, a tampered cursor
    return statuses, auth


def _error_response(status: int, existing: dict[str, Any] | None) -> dict[str, Any]:
    description = ERROR_DESCRIPTIONS.get(status, "Error")
    if existing and existing.get("description") not in (None, "", "Validation Error"):
        description = existing["description"]
    answer: dict[str, Any] = {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
    }
    headers = _HEADERS.get(status)
    if headers:
        answer["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in headers.items()
        }
    return answer


def _component_name(name: str) -> str:
    """`ecoeco__info__schemas__CategoryRef` → `InfoCategoryRef`; `Page_X_` → `XPage`."""
    if "__" in name:
        parts = name.split("__")
        owner = parts[-3] if len(parts) >= 3 and parts[-2] == "schemas" else parts[-2]
        name = owner.capitalize() + parts[-1]
    page = re.fullmatch(r"Page_(\w+?)_", name)
    if page:
        return f"{page.group(1)}Page"
    return name


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                prefix, _, name = value.rpartition("/")
                out[key] = f"{prefix}/{renames.get(name, name)}"
            else:
                out[key] = _rename_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rename_refs(item, renames) for item in node]
    return node


def _unique_names(document: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    renames = {name: _component_name(name) for name in schemas}
    renamed = list(renames.values())
    duplicates = {n for n in renamed if renamed.count(n) > 1}
    if duplicates:
        raise RuntimeError(f"OpenAPI schema names collide after renaming: {sorted(duplicates)}")
    document = _rename_refs(document, renames)
    schemas = document["components"]["schemas"]
    document["components"]["schemas"] = {
        renames[name]: schema if renames[name] == name else {**schema, "title": renames[name]}
        for name, schema in schemas.items()
    }
    return document


def _security_schemes() -> dict[str, Any]:
    return {
        BEARER: {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "The access token from a login or refresh "
            "(`POST /api/v1/auth/dev/login` in development).",
        },
        COOKIE: {
            "type": "apiKey",
            "in": "cookie",
            "name": ACCESS_COOKIE,
            "description": "The same token as an HttpOnly cookie (logins with `cookie: true`). "
            "Unsafe methods also need a same-origin `Origin` or the `X-CSRF-Token` header "
            "equal to the `ecoeco_csrf` cookie.",
        },
    }


def api_routes(routes: list[Any]) -> list[tuple[str, APIRoute]]:
    """Every documented API route with its full path, however routers were included."""
    found = []
    for context in routing.iter_route_contexts(routes):
        route = context.original_route
        if isinstance(route, APIRoute) and route.include_in_schema and context.path_format:
            found.append((context.path_format, route))
    return found


def shape(document: dict[str, Any], routes: list[tuple[str, APIRoute]]) -> dict[str, Any]:
    """Rewrite FastAPI's document in place of the defaults (see the module docstring)."""
    paths: dict[str, Any] = document.get("paths", {})
    _collect_stream_schemas(document)
    for path, route in routes:
        operations = paths.get(path, {})
        for method in route.methods or ():
            operation = operations.get(method.lower())
            if operation is None:
                continue
            statuses, auth = _route_errors(route, method)
            if path not in EXEMPT_PATHS:
                statuses.add(503)  # the admission limit sheds load on any route

            responses: dict[str, Any] = operation.setdefault("responses", {})
            declared = {int(code) for code in responses if code.isdigit() and int(code) >= 400}
            for status in sorted(statuses | declared):
                responses[str(status)] = _error_response(status, responses.get(str(status)))
            if auth is not None:
                security: list[dict[str, list[str]]] = [{BEARER: []}, {COOKIE: []}]
                operation["security"] = security if auth == "required" else [*security, {}]
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    error_schemas = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schemas.pop("$defs", {}))
    schemas["ErrorResponse"] = error_schemas
    components["securitySchemes"] = _security_schemes()
    _declare_edge_rules(document)
    return _unique_names(document)


def install_openapi(app: FastAPI) -> None:
    """Make `app.openapi()` return the shaped document (built once, then cached)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
                servers=app.servers,
            )
            app.openapi_schema = shape(document, api_routes(app.routes))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
